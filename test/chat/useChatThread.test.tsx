import { act, render } from "@testing-library/react";
import { useState } from "react";
import { type ChatThreadResult, useChatThread } from "stompkit/chat";
import { createStompXServer } from "stompkit/testing";
import { renderWithStomp } from "stompkit/testing/react";

beforeEach(() => {
  vi.useFakeTimers();
});

const tick = (ms = 0) => act(() => vi.advanceTimersByTimeAsync(ms));
const topic = "/topic/v1/threads/1.messages";

function setup(ui: React.ReactElement) {
  const server = createStompXServer();
  const view = renderWithStomp(ui, {
    broker: server.broker,
    session: { connectHeaders: { host: "host", "StompX-User": "alice" } },
  });
  const subscribes = (destination: string) =>
    server.broker.framesOf("SUBSCRIBE").filter((f) => f.headers.destination === destination).length;
  return { server, view, subscribes };
}

describe("useChatThread", () => {
  it("subscribes once under StrictMode and reads the thread (headless)", async () => {
    const seen: ChatThreadResult[] = [];
    function Headless() {
      seen.push(useChatThread({ thread: "1" }));
      return null;
    }
    const { server, subscribes } = setup(<Headless />);
    server.seed("1", [{ body: "hi", user: "bob" }]);
    await tick();
    expect(subscribes(topic)).toBe(1);
    const last = () => seen[seen.length - 1] as ChatThreadResult;
    expect(last().status).toBe("ready");
    expect(last().user).toBe("alice");
    expect(last().messages.map((m) => m.body)).toEqual(["hi"]);
    let sent: Awaited<ReturnType<ChatThreadResult["send"]>> | undefined;
    await act(async () => {
      sent = await last().send("hello");
    });
    expect(sent).toMatchObject({ status: "confirmed", body: "hello", mine: true });
    expect(last().messages.map((m) => m.body)).toEqual(["hi", "hello"]);
  });

  it("keeps its store and actions across renders with inline profile objects and callbacks", async () => {
    const results: ChatThreadResult[] = [];
    let rerender!: () => void;
    const loadHistory = vi.fn(async (_before: unknown) => ({ messages: [], hasMore: false }));
    function Inline() {
      const [, set] = useState(0);
      rerender = () => set((n) => n + 1);
      results.push(
        useChatThread({
          thread: "1",
          // A new object and a new function on every render: same data, so the same store.
          profile: {
            name: "custom",
            ...{ topic, action: "/application/v1/threads/{thread}.message" },
            events: { created: ["message.created"] },
            receiptEcho: "resource",
            ack: "auto",
            publish: "server",
          },
          loadHistory: (before) => loadHistory(before),
        }),
      );
      return null;
    }
    const { subscribes } = setup(<Inline />);
    await tick();
    for (let i = 0; i < 5; i++) act(() => rerender());
    await tick(1000);
    expect(subscribes(topic)).toBe(1);
    const sends = new Set(results.map((r) => r.send));
    const loads = new Set(results.map((r) => r.loadOlder));
    expect(sends.size).toBe(1);
    expect(loads.size).toBe(1);
  });

  it("re-creates the store when the profile changes, and releases the old subscription", async () => {
    let setProfile!: (p: "stompx-2020" | "broker") => void;
    function Switch() {
      const [profile, set] = useState<"stompx-2020" | "broker">("stompx-2020");
      setProfile = set;
      useChatThread({ thread: "1", profile });
      return null;
    }
    const { server, subscribes } = setup(<Switch />);
    await tick();
    expect(server.broker.subscriptionCount(topic)).toBe(1);
    act(() => setProfile("broker"));
    await tick(1000);
    expect(subscribes("/topic/chat.1")).toBe(1);
    expect(server.broker.subscriptionCount(topic)).toBe(0);
  });

  it("unmounting releases the thread's subscriptions", async () => {
    function Headless() {
      useChatThread({ thread: "1" });
      return null;
    }
    const { server, view } = setup(<Headless />);
    await tick();
    expect(server.broker.subscriptionCount(topic)).toBe(1);
    view.unmount();
    await tick(1000);
    expect(server.broker.subscriptionCount(topic)).toBe(0);
  });

  it("throws a clear error outside a StompProvider", () => {
    function Headless() {
      useChatThread({ thread: "1" });
      return null;
    }
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => render(<Headless />)).toThrow(/must be used within `StompProvider`/);
    spy.mockRestore();
  });
});
