// Helpers for the Chromium chat tests: wait for frames, and read where rows sit in the feed.
import { screen } from "@testing-library/react";

/** Resolves after `n` animation frames. */
export const frames = (n = 3) =>
  new Promise<void>((resolve) => {
    let left = n;
    const step = () => (--left <= 0 ? resolve() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  });

/** Waits until `check` passes (layout settles over a few frames), at most `max` frames. */
export async function settle(check: () => boolean, max = 60) {
  for (let i = 0; i < max && !check(); i++) await frames(1);
  if (check()) await frames(3); // and the virtualizer's own scroll-to-end has finished (stable frames)
  return check();
}

/** The message list. */
export const feed = () => screen.getByRole("feed");

/** Pixels from the feed's top edge to the top of message `id`'s article (NaN when it is not rendered). */
export const offsetOf = (id: string) => {
  const el = feed().querySelector(`[data-message-id="${id}"]`);
  return el ? el.getBoundingClientRect().top - feed().getBoundingClientRect().top : Number.NaN;
};

/** Pixels the feed can still scroll down. */
export const distanceFromEnd = () => feed().scrollHeight - feed().scrollTop - feed().clientHeight;

/** The first article whose top is inside the viewport: the one the reader is looking at. */
export const topVisibleId = () => {
  const f = feed().getBoundingClientRect();
  for (const a of feed().querySelectorAll("article")) {
    if (a.getBoundingClientRect().top >= f.top) return a.getAttribute("data-message-id") as string;
  }
  throw new Error("no visible article");
};
