// Scroll behaviour needs real layout: Chromium (vitest browser project).
import "../../src/chat/styles.css";
import { act, cleanup, render, screen } from "@testing-library/react";
import { type Dispatch, type SetStateAction, StrictMode, useState } from "react";
import { StompProvider } from "stompkit";
import { type ChatMessageData, ChatThread, useChatThread } from "stompkit/chat";
import { createStompXServer } from "stompkit/testing";
import { chatOf, msg } from "./helpers";
import { distanceFromEnd, feed, frames, offsetOf, settle, topVisibleId } from "./layout";

afterEach(() => cleanup());

const words = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do"];
/** 3–62 words, deterministic: rows of very different heights. */
const text = (n: number) =>
  Array.from({ length: 3 + ((n * 7919) % 60) }, (_, i) => words[(n + i) % words.length]).join(" ");
const message = (n: number, over: Partial<ChatMessageData> = {}) =>
  msg(n, { body: `#${n} ${text(n)}`, user: { name: n % 3 === 0 ? "carol" : "bob" }, ...over });
const messages = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => message(from + i));

let setMessages!: Dispatch<SetStateAction<ChatMessageData[]>>;
const actions = { loadOlder: vi.fn(async () => {}) };

function Harness({ initial, hasOlder = false }: { initial: ChatMessageData[]; hasOlder?: boolean }) {
  const [list, set] = useState(initial);
  setMessages = set;
  return (
    <div style={{ width: 420, height: 640 }}>
      <ChatThread chat={chatOf({ messages: list, hasOlder, ...actions })} />
    </div>
  );
}

const newestVisible = (id: string) => {
  const el = feed().querySelector(`[data-message-id="${id}"]`);
  if (!el) return false;
  const r = el.getBoundingClientRect();
  const f = feed().getBoundingClientRect();
  return r.bottom <= f.bottom + 2 && r.bottom > f.top;
};
const lastArticleId = () =>
  [...feed().querySelectorAll("article")].at(-1)?.getAttribute("data-message-id") ?? "";
/** `<ChatThread>` on its `useChatThread` result (the tree `<ChatThread thread>` renders), to read how many messages the store holds. */
let held = 0;
function LiveThread() {
  const chat = useChatThread({ thread: "1", pageSize: 50, window: 200, holdLimit: 3000 });
  held = chat.messages.length;
  return <ChatThread chat={chat} />;
}

/** `<LiveThread>` on an embedded StompX server whose thread "1" holds 100 messages; returns the server. */
function renderLive() {
  const server = createStompXServer();
  server.seed(
    "1",
    Array.from({ length: 100 }, (_, i) => ({ body: `#s${i} ${text(i)}`, user: i % 3 ? "bob" : "carol" })),
  );
  render(
    <StrictMode>
      <StompProvider
        webSocketFactory={server.webSocketFactory}
        heartbeat={{ outgoing: 0, incoming: 0 }}
        connectHeaders={{ host: "host", "StompX-User": "alice" }}
      >
        <div style={{ width: 420, height: 640 }}>
          <LiveThread />
        </div>
      </StompProvider>
    </StrictMode>,
  );
  return server;
}

describe("ChatThread in Chromium", () => {
  it("virtualizes 10,000 messages, starts at the newest, with few DOM nodes", async () => {
    const t0 = performance.now();
    render(<Harness initial={messages(0, 10_000)} />);
    await frames(1);
    expect(newestVisible("m9999")).toBe(true); // in the first frame, not after a correction frame
    expect(await settle(() => newestVisible("m9999"))).toBe(true);
    const ms = performance.now() - t0;
    expect(feed()).toHaveAttribute("data-virtualized");
    expect(distanceFromEnd()).toBeLessThanOrEqual(2);
    const nodes = feed().querySelectorAll("*").length;
    expect(nodes).toBeLessThanOrEqual(150);
    expect(screen.queryByRole("button", { name: /latest/ })).toBeNull();
    console.info(`newest on screen after ${ms.toFixed(0)} ms; ${nodes} DOM nodes in the list`);
  });

  it("sticks to the bottom while the reader is there", async () => {
    render(<Harness initial={messages(0, 200)} />);
    await settle(() => newestVisible("m199"));
    for (let batch = 0; batch < 10; batch++) {
      act(() => setMessages((l) => [...l, ...messages(200 + batch * 5, 205 + batch * 5)]));
      await frames(2);
    }
    expect(await settle(() => newestVisible("m249") && distanceFromEnd() <= 2)).toBe(true);
    expect(screen.queryByRole("button", { name: /latest/ })).toBeNull();
  });

  it("shows new messages in the frame that brings them, not one frame later", async () => {
    render(<Harness initial={messages(0, 300)} />);
    await settle(() => newestVisible("m299"));
    for (let batch = 0; batch < 10; batch++) {
      const to = 300 + (batch + 1) * 16;
      act(() => setMessages((l) => [...l, ...messages(to - 16, to)]));
      // Before any frame: the commit itself rendered the end rows and scrolled to them.
      expect(newestVisible(`m${to - 1}`)).toBe(true);
      expect(distanceFromEnd()).toBeLessThanOrEqual(2);
      await frames(1);
    }
    expect(feed().querySelectorAll("*").length).toBeLessThanOrEqual(150);
  });

  it("keeps few rows above the viewport while the newest message is on screen, the full overscan elsewhere", async () => {
    render(<Harness initial={messages(0, 500)} />);
    await settle(() => newestVisible("m499"));
    const above = () => {
      const top = feed().getBoundingClientRect().top;
      return [...feed().querySelectorAll("article")].filter((a) => a.getBoundingClientRect().bottom <= top)
        .length;
    };
    // A fast stream replaces every row on screen each frame: rows above the fold would be rendered,
    // laid out and measured for nothing.
    expect(above()).toBeLessThanOrEqual(2);
    feed().scrollTop -= 3000;
    await frames(4);
    expect(above()).toBeGreaterThanOrEqual(5); // the default overscan (6) for a reader in the history
  });

  it("keeps a reader who scrolled up in place (±2 px) and offers N new messages", async () => {
    render(<Harness initial={messages(0, 500)} />);
    await settle(() => newestVisible("m499"));
    feed().scrollTop -= 1500;
    await frames(4);
    const anchor = topVisibleId();
    const before = offsetOf(anchor);
    for (let batch = 0; batch < 10; batch++) {
      act(() => setMessages((l) => [...l, ...messages(500 + batch * 5, 505 + batch * 5)]));
      await frames(2);
    }
    await frames(4);
    expect(Math.abs(offsetOf(anchor) - before)).toBeLessThanOrEqual(2);
    const jump = await screen.findByRole("button", { name: "50 new messages, jump to latest" });
    act(() => jump.click());
    expect(await settle(() => newestVisible("m549") && distanceFromEnd() <= 2)).toBe(true);
    expect(await settle(() => document.activeElement?.getAttribute("data-message-id") === "m549")).toBe(true);
    expect(await settle(() => screen.queryByRole("button", { name: /latest/ }) === null)).toBe(true);
  });

  it("live <ChatThread thread>: a reader scrolled up stays put (±2 px) while 2,000 messages arrive past the window", async () => {
    const server = renderLive();
    expect(await settle(() => feed().querySelectorAll("article").length > 0 && distanceFromEnd() <= 2)).toBe(
      true,
    );
    feed().scrollTop -= 1500;
    await frames(4);
    const anchor = topVisibleId();
    const before = offsetOf(anchor);
    for (let batch = 0; batch < 20; batch++) {
      for (let i = 0; i < 100; i++) server.post("1", { body: `live ${batch}.${i} ${text(i)}`, user: "bob" });
      await frames(2);
    }
    expect(await settle(() => /2000 new messages/.test(document.body.textContent ?? ""), 120)).toBe(true);
    expect(Math.abs(offsetOf(anchor) - before)).toBeLessThanOrEqual(2); // still there: the window was held
    const jump = screen.getByRole("button", { name: /2000 new messages/ });
    act(() => jump.click());
    // Back at the newest: the store trims back to its window (200 of the 2,050 held). The newest
    // message keeps its feed position (2,050) through the trim.
    const newestPos = () =>
      Number([...feed().querySelectorAll("article")].at(-1)?.getAttribute("aria-posinset"));
    expect(held).toBe(2050); // the first page (50) and the 2,000 live ones
    expect(newestPos()).toBe(2050);
    expect(await settle(() => held === 200 && distanceFromEnd() <= 2, 120)).toBe(true);
    expect(newestPos()).toBe(2050);
    server.dispose();
  });

  it("live <ChatThread thread>: a fast stream is followed frame by frame, no jump button, the window never held", async () => {
    const server = renderLive();
    expect(await settle(() => feed().querySelectorAll("article").length > 0 && distanceFromEnd() <= 2)).toBe(
      true,
    );
    let jumps = 0;
    const observer = new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n instanceof Element && n.matches("[data-part=jump-to-latest]")) jumps++;
    });
    observer.observe(document.body, { subtree: true, childList: true });
    let maxHeld = 0;
    let behind = 0;
    for (let f = 0; f < 90; f++) {
      for (let i = 0; i < 16; i++)
        server.post("1", { body: `live ${f}.${i} ${text(f * 16 + i)}`, user: "bob" });
      await frames(1);
      maxHeld = Math.max(maxHeld, held);
      if (distanceFromEnd() > 48) behind++;
    }
    observer.disconnect();
    expect(jumps).toBe(0);
    expect(maxHeld).toBeLessThanOrEqual(200 + 16); // the window (200), plus at most one frame's messages
    expect(behind).toBeLessThanOrEqual(2);
    expect(await settle(() => newestVisible(lastArticleId()) && distanceFromEnd() <= 2)).toBe(true);
    server.dispose();
  });

  it("keeps the visible message at the same pixel offset (±2 px) when older messages are prepended", async () => {
    render(<Harness initial={messages(1000, 1100)} />);
    await settle(() => newestVisible("m1099"));
    feed().scrollTop -= 900;
    await frames(4);
    const anchor = topVisibleId();
    const before = offsetOf(anchor);
    act(() => setMessages((l) => [...messages(975, 1000), ...l]));
    await frames(6);
    expect(Math.abs(offsetOf(anchor) - before)).toBeLessThanOrEqual(2);
    act(() => setMessages((l) => [...messages(950, 975), ...l]));
    await frames(6);
    expect(Math.abs(offsetOf(anchor) - before)).toBeLessThanOrEqual(2);
  });

  it("keeps the first message's text in place when a prepend removes its day separator and author header", async () => {
    // m1000 is the first row: it shows the day and its author. After the prepend the message before
    // it is from the same day and author, a minute earlier, so both go away above m1000's text.
    const same = (n: number) => message(n, { user: { name: "bob" } });
    render(<Harness initial={Array.from({ length: 60 }, (_, i) => same(1000 + i))} />);
    await settle(() => newestVisible("m1059"));
    feed().scrollTop = 0;
    await frames(4);
    const article = () => feed().querySelector('[data-message-id="m1000"]') as HTMLElement;
    const textTop = () =>
      (article().querySelector('[data-part="body"]') as HTMLElement).getBoundingClientRect().top -
      feed().getBoundingClientRect().top;
    expect(article().parentElement?.querySelector('[data-part="day"]')).not.toBeNull();
    expect(article()).not.toHaveAttribute("data-grouped");
    const before = textTop();
    act(() => setMessages((l) => [...Array.from({ length: 20 }, (_, i) => same(980 + i)), ...l]));
    await frames(6);
    expect(article().parentElement?.querySelector('[data-part="day"]')).toBeNull();
    expect(article()).toHaveAttribute("data-grouped");
    expect(Math.abs(textTop() - before)).toBeLessThanOrEqual(2);
  });

  it("my own new message brings me to the end even when I was reading history", async () => {
    render(<Harness initial={messages(0, 300)} />);
    await settle(() => newestVisible("m299"));
    feed().scrollTop -= 2000;
    await frames(4);
    const mine = message(300, {
      id: "c-1",
      clientId: "c-1",
      mine: true,
      status: "pending",
      user: { name: "alice" },
    });
    act(() => setMessages((l) => [...l, mine]));
    expect(await settle(() => newestVisible("c-1") && distanceFromEnd() <= 2)).toBe(true);
  });

  it("asks for older messages when the reader nears the top", async () => {
    actions.loadOlder.mockClear();
    render(<Harness initial={messages(0, 100)} hasOlder />);
    await settle(() => newestVisible("m99"));
    expect(actions.loadOlder).not.toHaveBeenCalled();
    feed().scrollTop = 0;
    expect(await settle(() => actions.loadOlder.mock.calls.length > 0)).toBe(true);
  });

  it("keeps the focused message mounted and moves focus by keyboard across virtualized rows", async () => {
    render(<Harness initial={messages(0, 1000)} />);
    await settle(() => newestVisible("m999"));
    feed().focus();
    const press = (key: string) =>
      act(() => {
        (document.activeElement as HTMLElement).dispatchEvent(
          new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }),
        );
      });
    press("ArrowUp");
    expect(await settle(() => document.activeElement?.getAttribute("data-message-id") === "m999")).toBe(true);
    for (let i = 0; i < 40; i++) {
      press("ArrowUp");
      await frames(1);
    }
    expect(await settle(() => document.activeElement?.getAttribute("data-message-id") === "m959")).toBe(true);
    press("Home");
    expect(await settle(() => document.activeElement?.getAttribute("data-message-id") === "m0")).toBe(true);
    press("End");
    expect(await settle(() => document.activeElement?.getAttribute("data-message-id") === "m999")).toBe(true);
  });
});

describe("ChatThread accessibility (axe) in Chromium", () => {
  const sample = () => [
    ...messages(0, 40),
    message(40, {
      body: "see https://example.com",
      links: [{ source: "https://example.com", startPosition: 4, endPosition: 23 }],
    }),
    message(41, { id: "c-1", clientId: "c-1", mine: true, status: "pending", user: { name: "alice" } }),
    message(42, { id: "c-2", clientId: "c-2", mine: true, status: "failed", user: { name: "alice" } }),
    message(43, { body: "x".repeat(5000) }),
  ];

  it.each([
    ["light", "ltr"],
    ["dark", "ltr"],
    ["light", "rtl"],
  ] as const)("has no violations (%s, %s), with the jump button showing", async (theme, dir) => {
    const { default: axe } = await import("axe-core");
    render(
      <div style={{ width: 420, height: 640 }} dir={dir}>
        <ChatThread
          chat={chatOf({ messages: sample(), typing: ["bob"], status: "reconnecting" })}
          data-theme={theme}
        />
      </div>,
    );
    await settle(() => newestVisible("m43"));
    feed().scrollTop -= 800;
    await screen.findByRole("button", { name: /latest/ });
    const results = await axe.run(document.body, { resultTypes: ["violations"] });
    const found = results.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`,
    );
    expect(found).toEqual([]);
  });
});
