// The list holds the store's window while the reader is away from the newest message (jsdom: the
// static rows, scroll metrics given by hand).
import { fireEvent, screen } from "@testing-library/react";
import { ChatThread } from "stompkit/chat";
import { chatOf, msg, range, renderStrict } from "./helpers";

function scrollTo(el: HTMLElement, top: number) {
  Object.defineProperty(el, "scrollHeight", { configurable: true, value: 2000 });
  Object.defineProperty(el, "clientHeight", { configurable: true, value: 500 });
  Object.defineProperty(el, "scrollTop", { configurable: true, writable: true, value: top });
  fireEvent.scroll(el);
}

describe("ChatThread.MessageList: holdWindow", () => {
  it("holds the window while the reader is scrolled up and releases it at the newest and on unmount", () => {
    const releases: Array<ReturnType<typeof vi.fn>> = [];
    const holdWindow = vi.fn(() => {
      const release = vi.fn();
      releases.push(release);
      return release;
    });
    const messages = range(0, 40).map((n) => msg(n));
    const { unmount } = renderStrict(<ChatThread chat={chatOf({ messages, holdWindow })} />);
    expect(holdWindow).not.toHaveBeenCalled(); // at the newest: nothing held
    const feed = screen.getByRole("feed");
    scrollTo(feed, 100); // 1,400 px from the end
    expect(holdWindow).toHaveBeenCalledTimes(1);
    scrollTo(feed, 300); // still away: no second hold
    expect(holdWindow).toHaveBeenCalledTimes(1);
    scrollTo(feed, 1500); // back at the end
    expect(releases[0]).toHaveBeenCalledTimes(1);
    scrollTo(feed, 0);
    expect(holdWindow).toHaveBeenCalledTimes(2);
    unmount();
    expect(releases[1]).toHaveBeenCalledTimes(1);
  });

  it("works with a chat that has no holdWindow (messages given as data)", () => {
    renderStrict(<ChatThread chat={chatOf({ messages: [msg(1)] })} />);
    scrollTo(screen.getByRole("feed"), 0);
    expect(screen.getByRole("button", { name: /latest/ })).toBeInTheDocument();
  });
});
