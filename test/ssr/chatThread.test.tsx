// <ChatThread> on a server (plain Node: no window, no document): no socket, and the HTML already
// holds the newest messages (the no-layout fallback), so the first paint shows the conversation.
import { renderToString } from "react-dom/server";
import { StompProvider } from "stompkit";
import { type ChatMessageData, ChatThread, type ChatThreadResult } from "stompkit/chat";

const message = (n: number): ChatMessageData => ({
  id: `m${n}`,
  type: "TEXT",
  body: `message ${n}`,
  user: { name: "bob" },
  createdTime: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
  createdAt: Date.UTC(2026, 0, 1) + n * 60_000,
  status: "confirmed",
  mine: false,
});

describe("ChatThread server rendering", () => {
  it("renders the newest initialItemCount messages of a given thread", () => {
    const chat: ChatThreadResult = {
      messages: Array.from({ length: 100 }, (_, i) => message(i)),
      status: "ready",
      hasOlder: false,
      loadingOlder: false,
      typing: [],
      missed: 0,
      user: "alice",
      error: undefined,
      send: async () => message(0),
      retry: async () => message(0),
      loadOlder: async () => {},
      keystrokes: () => {},
    };
    const html = renderToString(<ChatThread chat={chat} />);
    const ids = [...html.matchAll(/data-message-id="(m\d+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(30);
    expect(ids[0]).toBe("m70");
    expect(ids.at(-1)).toBe("m99");
    expect(html).toContain('role="feed"');
  });

  it("renders <ChatThread thread> under a StompProvider without opening a socket", () => {
    const factory = vi.fn();
    const html = renderToString(
      <StompProvider webSocketFactory={factory} connectHeaders={{ "StompX-User": "alice" }}>
        <ChatThread thread="1" />
      </StompProvider>,
    );
    expect(factory).not.toHaveBeenCalled();
    expect(html).toContain('role="feed"');
    expect(html).toContain('aria-label="Message"');
    expect(html).toContain("Connecting…");
  });
});
