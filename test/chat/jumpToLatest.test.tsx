// ChatThread.JumpToLatest through the message list's registered jump (jsdom: the static rows, scroll
// metrics given by hand). Regression test for issue #16 part 4: the list used to assign
// `ui.jumpToLatest` in an effect without dependencies, on every render.
import { act, fireEvent, screen } from "@testing-library/react";
import type { ReactElement } from "react";
import { ChatThread, type ChatThreadResult } from "stompkit/chat";
import type { ChatUiStore } from "../../src/chat/createChatUiStore";
import { chatOf, msg, range, renderStrict } from "./helpers";

// Records every UI store a Root creates and the list's jump registrations on it.
const spy = vi.hoisted(() => ({
  stores: [] as ChatUiStore[],
  registered: 0,
  active: 0,
}));
vi.mock(import("../../src/chat/createChatUiStore"), async (importOriginal) => {
  const real = await importOriginal();
  return {
    createChatUiStore: () => {
      const store = real.createChatUiStore();
      const register = store.registerJump;
      store.registerJump = (jump) => {
        spy.registered++;
        spy.active++;
        const unregister = register(jump);
        let done = false;
        return () => {
          if (!done) spy.active--;
          done = true;
          unregister();
        };
      };
      spy.stores.push(store);
      return store;
    },
  };
});

beforeEach(() => {
  spy.stores.length = 0;
  spy.registered = 0;
  spy.active = 0;
});

function scrollTo(el: HTMLElement, top: number) {
  Object.defineProperty(el, "scrollHeight", { configurable: true, value: 2000 });
  Object.defineProperty(el, "clientHeight", { configurable: true, value: 500 });
  Object.defineProperty(el, "scrollTop", { configurable: true, writable: true, value: top });
  fireEvent.scroll(el);
}

const focusedId = () => document.activeElement?.getAttribute("data-message-id");

function Thread({ chat, list = "a" }: { chat: ChatThreadResult; list?: string | null }): ReactElement {
  return (
    <ChatThread.Root chat={chat}>
      {list === null ? null : <ChatThread.MessageList key={list} />}
      <ChatThread.JumpToLatest />
    </ChatThread.Root>
  );
}

describe("ChatThread.JumpToLatest", () => {
  it("the list registers its jump once per mount, not on every render", () => {
    const messages = range(0, 10).map((n) => msg(n));
    const { rerender } = renderStrict(<Thread chat={chatOf({ messages })} />);
    // StrictMode mounts, unmounts and mounts again: two registrations, one still active.
    const afterMount = spy.registered;
    expect(afterMount).toBeLessThanOrEqual(2);
    expect(spy.active).toBe(1);
    for (const n of range(10, 15))
      rerender(<Thread chat={chatOf({ messages: range(0, n + 1).map((i) => msg(i)) })} />);
    expect(spy.registered).toBe(afterMount);
    expect(spy.active).toBe(1);
  });

  it("scrolls to the end and focuses the newest message, also after re-renders brought new ones", () => {
    const { rerender } = renderStrict(
      <Thread chat={chatOf({ messages: range(0, 10).map((n) => msg(n)) })} />,
    );
    const feed = screen.getByRole("feed");
    scrollTo(feed, 100);
    rerender(<Thread chat={chatOf({ messages: range(0, 12).map((n) => msg(n)) })} />);
    rerender(<Thread chat={chatOf({ messages: range(0, 13).map((n) => msg(n)) })} />);
    const jump = screen.getByRole("button", { name: "3 new messages, jump to latest" });
    act(() => jump.click());
    expect(feed.scrollTop).toBe(2000);
    expect(focusedId()).toBe("m12"); // the jump reads the latest messages, not the first render's
  });

  it("works on a remounted list, and an unmounted list leaves no jump behind", () => {
    const chat = chatOf({ messages: range(0, 10).map((n) => msg(n)) });
    const { rerender } = renderStrict(<Thread chat={chat} list="a" />);
    const stores = spy.stores.length; // StrictMode calls the Root's `useState` initializer twice
    const first = screen.getByRole("feed");
    scrollTo(first, 100);

    rerender(<Thread chat={chat} list="b" />); // a new list in its place
    const second = screen.getByRole("feed");
    expect(second).not.toBe(first);
    expect(spy.active).toBe(1);
    scrollTo(second, 100);
    act(() => screen.getByRole("button", { name: /jump to latest/i }).click());
    expect(second.scrollTop).toBe(2000);
    expect(first.scrollTop).toBe(100); // the old list is not scrolled
    expect(second.contains(document.activeElement)).toBe(true);
    expect(focusedId()).toBe("m9");

    scrollTo(second, 100);
    rerender(<Thread chat={chat} list={null} />); // no list at all
    expect(spy.active).toBe(0);
    expect(spy.stores).toHaveLength(stores); // the Root kept its store throughout
    const button = screen.getByRole("button", { name: /jump to latest/i });
    expect(() => act(() => button.click())).not.toThrow();
    for (const ui of spy.stores) expect(() => ui.jumpToLatest()).not.toThrow();
    expect(second.scrollTop).toBe(100); // the dead list is not scrolled
  });
});
