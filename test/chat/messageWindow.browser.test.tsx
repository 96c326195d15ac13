// The list hands the virtualizer a window of the newest messages (src/chat/useMessageWindow.ts), and a
// client mount renders no static rows it would throw away. Real layout: Chromium.
import "../../src/chat/styles.css";
import { act, cleanup, render, screen } from "@testing-library/react";
import { type Dispatch, type SetStateAction, StrictMode, useState } from "react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { type ChatMessageData, ChatThread } from "stompkit/chat";
import { chatOf, msg } from "./helpers";
import { distanceFromEnd, feed, frames, offsetOf, settle, topVisibleId } from "./layout";

afterEach(() => cleanup());

const message = (n: number) =>
  msg(n, { body: `#${n} ${"word ".repeat(3 + ((n * 7919) % 40))}`, user: { name: n % 3 ? "bob" : "carol" } });
const messages = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => message(from + i));
let setMessages!: Dispatch<SetStateAction<ChatMessageData[]>>;
const loadOlder = vi.fn(async () => {});
function Harness({ initial }: { initial: ChatMessageData[] }) {
  const [list, set] = useState(initial);
  setMessages = set;
  return (
    <div style={{ width: 420, height: 640 }}>
      <ChatThread chat={chatOf({ messages: list, loadOlder })} />
    </div>
  );
}

const article = (id: string) => feed().querySelector(`[data-message-id="${id}"]`) as HTMLElement | null;
const atEnd = () => distanceFromEnd() <= 2;

describe("ChatThread.MessageList window (Chromium)", () => {
  it("mounts 10,000 messages without rendering rows it throws away, positions counted in the whole thread", async () => {
    const removed: string[] = [];
    const added: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.removedNodes)
          if (n instanceof HTMLElement)
            for (const a of n.querySelectorAll("article")) removed.push(a.dataset.messageId ?? "");
        for (const n of r.addedNodes)
          if (n instanceof HTMLElement)
            for (const a of n.querySelectorAll("article")) added.push(a.dataset.messageId ?? "");
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    render(
      <StrictMode>
        <Harness initial={messages(0, 10_000)} />
      </StrictMode>,
    );
    expect(await settle(() => article("m9999") !== null && atEnd())).toBe(true);
    observer.disconnect();
    // Only virtual rows were ever put in the DOM, and none was taken out again on the way.
    expect(removed).toEqual([]);
    expect(added.length).toBeLessThan(60);
    expect(article("m9999")).toHaveAttribute("aria-posinset", "10000");
    expect(article("m9999")).toHaveAttribute("aria-setsize", "10000");
    // The scroll height is that of the window (~200 rows), not of 10,000 rows.
    expect(feed().scrollHeight).toBeLessThan(200 * 200);
    expect(feed().scrollHeight).toBeGreaterThan(100 * 30);
  });

  it("widens the window from memory as the reader scrolls up, keeping their place (±2 px), and reaches the first message", async () => {
    loadOlder.mockClear();
    render(<Harness initial={messages(0, 1_000)} />);
    expect(await settle(() => article("m999") !== null && atEnd())).toBe(true);
    for (let i = 0; i < 400 && !article("m0"); i++) {
      const before = feed().scrollHeight;
      feed().scrollTop = 0;
      await frames(2);
      const anchor = topVisibleId();
      const at = offsetOf(anchor);
      // The window grew above the reader: they still see the same row at the same place.
      if (await settle(() => feed().scrollHeight > before, 20)) {
        expect(Math.abs(offsetOf(anchor) - at)).toBeLessThanOrEqual(2);
      }
    }
    expect(article("m0")).not.toBeNull();
    expect(article("m0")).toHaveAttribute("aria-posinset", "1");
    expect(loadOlder).not.toHaveBeenCalled(); // everything came from the messages given
  });

  it("a reader scrolled up keeps their row while the window grows with new messages, and the window slides again at the newest", async () => {
    render(<Harness initial={messages(0, 1_000)} />);
    expect(await settle(() => article("m999") !== null && atEnd())).toBe(true);
    feed().scrollTop -= 1500;
    await frames(4);
    const anchor = topVisibleId();
    const at = offsetOf(anchor);
    for (let batch = 0; batch < 30; batch++) {
      act(() => setMessages((l) => [...l, ...messages(1000 + batch * 16, 1016 + batch * 16)]));
      await frames(1);
    }
    await frames(4);
    expect(article(anchor)).not.toBeNull();
    expect(Math.abs(offsetOf(anchor) - at)).toBeLessThanOrEqual(2);
    const grown = feed().scrollHeight;
    act(() => screen.getByRole("button", { name: /new messages/ }).click());
    expect(await settle(() => article("m1479") !== null && atEnd())).toBe(true);
    expect(await settle(() => feed().scrollHeight < grown)).toBe(true); // trimmed back at the newest
    expect(article("m1479")).toHaveAttribute("aria-posinset", "1480");
  });

  it("Home focuses the thread's first message, across the window", async () => {
    render(<Harness initial={messages(0, 1_000)} />);
    expect(await settle(() => article("m999") !== null && atEnd())).toBe(true);
    feed().focus();
    const press = (key: string) =>
      act(() => {
        (document.activeElement as HTMLElement).dispatchEvent(
          new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }),
        );
      });
    press("Home");
    expect(await settle(() => document.activeElement?.getAttribute("data-message-id") === "m0")).toBe(true);
    press("ArrowDown");
    expect(await settle(() => document.activeElement?.getAttribute("data-message-id") === "m1")).toBe(true);
    press("End");
    expect(await settle(() => document.activeElement?.getAttribute("data-message-id") === "m999")).toBe(true);
  });
});

describe("ChatThread.MessageList hydration (Chromium)", () => {
  it("hydrates the server's static rows without a mismatch, then virtualizes", async () => {
    const chat = chatOf({ messages: messages(0, 1_000) });
    const app = (
      <div style={{ width: 420, height: 640 }}>
        <ChatThread chat={chat} />
      </div>
    );
    const host = document.createElement("div");
    host.innerHTML = renderToString(app);
    document.body.append(host);
    expect(host.querySelectorAll("article")).toHaveLength(30);
    const errors: unknown[] = [];
    const root = hydrateRoot(host, app, {
      onRecoverableError: (error) => errors.push(error),
      onCaughtError: (error) => errors.push(error),
    });
    const list = () => host.querySelector('[role="feed"]') as HTMLElement;
    expect(await settle(() => list().hasAttribute("data-virtualized"))).toBe(true);
    expect(errors.map(String)).toEqual([]);
    expect(await settle(() => list().scrollHeight - list().scrollTop - list().clientHeight <= 2)).toBe(true);
    expect(list().querySelector('[data-message-id="m999"]')).toHaveAttribute("aria-posinset", "1000");
    root.unmount();
    host.remove();
  });
});
