import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { type ChatMessageData, ChatThread } from "stompkit/chat";
import { chatOf, msg, range, renderStrict } from "./helpers";

describe("ChatThread DOM contract", () => {
  it("renders a feed of articles with posinset/setsize, ids, statuses and names", () => {
    const messages = [
      msg(1),
      msg(2, { id: "c-2", clientId: "c-2", mine: true, status: "pending", user: { name: "alice" } }),
      msg(3, { id: "s-3", clientId: "c-3", mine: true, status: "sent", user: { name: "alice" } }),
      msg(4, { id: "s-4", clientId: "c-4", mine: true, status: "confirmed", user: { name: "alice" } }),
      msg(5, { id: "c-5", clientId: "c-5", mine: true, status: "failed", user: { name: "alice" } }),
    ];
    renderStrict(<ChatThread chat={chatOf({ messages })} />);
    const feed = screen.getByRole("feed", { name: "Messages" });
    expect(feed).toHaveAttribute("aria-busy", "false");
    expect(feed).toHaveAttribute("tabindex", "0");
    const articles = within(feed).getAllByRole("article");
    expect(articles.map((a) => a.getAttribute("data-message-id"))).toEqual([
      "m1",
      "c-2",
      "s-3",
      "s-4",
      "c-5",
    ]);
    expect(articles.map((a) => a.getAttribute("data-status"))).toEqual([
      "confirmed",
      "pending",
      "sent",
      "confirmed",
      "failed",
    ]);
    expect(articles.map((a) => a.getAttribute("aria-posinset"))).toEqual(["1", "2", "3", "4", "5"]);
    expect(articles.every((a) => a.getAttribute("aria-setsize") === "5")).toBe(true);
    expect(screen.getByRole("article", { name: "bob message 1" })).toBe(articles[0]);
    // Grouped messages hide the author visually but keep it in the accessible name.
    expect(screen.getByRole("article", { name: "alice message 3" })).toHaveAttribute("data-grouped");
    expect(within(articles[4] as HTMLElement).getByRole("button", { name: "Retry" })).toBeInTheDocument();
    expect(within(articles[3] as HTMLElement).queryByRole("button", { name: "Retry" })).toBeNull();
    expect(within(articles[1] as HTMLElement).getByText("Sending…")).toBeInTheDocument();
  });

  it("marks aria-busy while older messages load, and setsize -1 while more exist", () => {
    renderStrict(<ChatThread chat={chatOf({ messages: [msg(1)], loadingOlder: true, hasOlder: true })} />);
    expect(screen.getByRole("feed")).toHaveAttribute("aria-busy", "true");
    expect(screen.getByRole("article")).toHaveAttribute("aria-setsize", "-1");
  });

  it("Retry retries the failed message by its id", async () => {
    const chat = chatOf({ messages: [msg(1, { id: "c-1", mine: true, status: "failed" })] });
    renderStrict(<ChatThread chat={chat} />);
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(chat.retry).toHaveBeenCalledWith("c-1");
  });

  it("without layout (jsdom) renders the newest 30 messages of 10,000", () => {
    const messages = range(0, 10_000).map((n) => msg(n));
    renderStrict(<ChatThread chat={chatOf({ messages })} />);
    const articles = screen.getAllByRole("article");
    expect(articles).toHaveLength(30);
    expect(articles[0]).toHaveAttribute("data-message-id", "m9970");
    expect(articles[29]).toHaveAttribute("data-message-id", "m9999");
    expect(articles[29]).toHaveAttribute("aria-posinset", "10000");
  });

  it("initialItemCount sets how many messages render without layout", () => {
    const messages = range(0, 100).map((n) => msg(n));
    renderStrict(
      <ChatThread.Root chat={chatOf({ messages })}>
        <ChatThread.MessageList initialItemCount={50} />
      </ChatThread.Root>,
    );
    expect(screen.getAllByRole("article")).toHaveLength(50);
  });

  it("groups by author and time gap, and separates days", () => {
    const day = 86_400_000;
    const base = msg(0).createdAt;
    const messages = [
      msg(1, { createdAt: base }),
      msg(2, { createdAt: base + 60_000 }), // same author, 1 min later: grouped
      msg(3, { createdAt: base + 60_000 + 6 * 60_000 }), // 6 min gap: new group
      msg(4, { createdAt: base + 60_000 + 6 * 60_000 + 1000, user: { name: "carol" } }), // other author
      msg(5, { createdAt: base + day }), // next day
    ];
    const { container } = renderStrict(<ChatThread chat={chatOf({ messages })} locale="en-GB" />);
    const grouped = screen.getAllByRole("article").map((a) => a.hasAttribute("data-grouped"));
    expect(grouped).toEqual([false, true, false, false, false]);
    const days = [...container.querySelectorAll('[data-part="day"]')];
    const format = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium" });
    expect(days.map((d) => d.textContent)).toEqual([format.format(base), format.format(base + day)]);
    expect(days.every((d) => d.getAttribute("aria-hidden") === "true")).toBe(true);
    expect(container.querySelector("time")).toHaveAttribute("datetime", new Date(base).toISOString());
  });

  it("a custom message slot keeps the article contract", () => {
    renderStrict(
      <ChatThread
        chat={chatOf({ messages: [msg(1), msg(2)] })}
        renderMessage={(m) => (
          <ChatThread.Message message={m} className="bubble">
            <p id={`custom-${m.id}`}>custom {m.body}</p>
          </ChatThread.Message>
        )}
      />,
    );
    const articles = screen.getAllByRole("article");
    expect(articles[1]).toHaveClass("bubble");
    expect(articles[1]).toHaveAttribute("aria-posinset", "2");
    expect(within(articles[1] as HTMLElement).getByText("custom message 2")).toBeInTheDocument();
  });

  it("an appended message renders only its own row, not every visible one", () => {
    const rendered: string[] = [];
    const renderMessage = (m: ChatMessageData) => {
      rendered.push(m.id);
      return <ChatThread.Message message={m} />;
    };
    const chat = chatOf({ messages: range(1, 21).map((n) => msg(n)) });
    const { rerender } = renderStrict(<ChatThread chat={chat} renderMessage={renderMessage} />);
    rendered.length = 0;
    rerender(
      <ChatThread chat={{ ...chat, messages: [...chat.messages, msg(21)] }} renderMessage={renderMessage} />,
    );
    expect(new Set(rendered)).toEqual(new Set(["m21"]));
    const articles = screen.getAllByRole("article");
    expect(articles).toHaveLength(21);
    expect(articles.every((a) => a.getAttribute("aria-setsize") === "21")).toBe(true); // still updated
  });

  it("rows keep their aria-posinset and do not re-render when older messages leave the window", () => {
    // Every row formats its time when it renders: a render counter for the default message rendering.
    // (`format` is an accessor on the prototype: the getter runs once per call.)
    const proto = Intl.DateTimeFormat.prototype as unknown as { format: unknown };
    const formats = vi.spyOn(proto, "format", "get");
    const all = range(0, 22).map((n) => msg(n)); // the store hands out the same message objects
    const chat = chatOf({ messages: all.slice(1, 21), hasOlder: true });
    const { rerender } = renderStrict(<ChatThread chat={chat} />);
    const before = new Map(screen.getAllByRole("article").map((a) => [a.dataset.messageId, a]));
    expect(before.get("m5")).toHaveAttribute("aria-posinset", "5");
    const changed: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) changed.push((r.target as HTMLElement).dataset.messageId ?? "");
    });
    observer.observe(screen.getByRole("feed"), { subtree: true, attributes: true, characterData: true });
    formats.mockClear();
    // The store's window slides: the oldest message drops out as a new one arrives.
    rerender(<ChatThread chat={{ ...chat, messages: all.slice(2, 22) }} />);
    const articles = screen.getAllByRole("article");
    expect(articles.map((a) => a.getAttribute("aria-posinset"))).toEqual(range(2, 22).map(String));
    expect(articles.find((a) => a.dataset.messageId === "m5")).toBe(before.get("m5")); // the same element
    // Only the new message and the new first one (it now starts the author group and the day) render;
    // StrictMode renders each twice.
    expect(formats.mock.calls.length).toBeLessThanOrEqual(2 * 3);
    observer.disconnect();
    expect(changed.filter((id) => id !== "m2" && id !== "m21" && id !== "")).toEqual([]);
    formats.mockRestore();
  });

  it("without older messages the feed is numbered from 1 to aria-setsize, also after a drop", () => {
    const chat = chatOf({ messages: range(1, 6).map((n) => msg(n)), hasOlder: true });
    const { rerender } = renderStrict(<ChatThread chat={chat} />);
    rerender(<ChatThread chat={{ ...chat, messages: range(3, 8).map((n) => msg(n)) }} />);
    expect(screen.getAllByRole("article").map((a) => a.getAttribute("aria-posinset"))).toEqual([
      "3",
      "4",
      "5",
      "6",
      "7",
    ]);
    rerender(<ChatThread chat={{ ...chat, messages: range(3, 8).map((n) => msg(n)), hasOlder: false }} />);
    const articles = screen.getAllByRole("article");
    expect(articles.map((a) => a.getAttribute("aria-posinset"))).toEqual(["1", "2", "3", "4", "5"]);
    expect(articles.every((a) => a.getAttribute("aria-setsize") === "5")).toBe(true);
  });

  it("a custom renderMessage still gets the current index after older messages leave the window", () => {
    const seen = new Map<string, number>();
    const renderMessage = (m: ChatMessageData, { index }: { index: number }) => {
      seen.set(m.id, index);
      return <ChatThread.Message message={m} />;
    };
    const chat = chatOf({ messages: range(1, 11).map((n) => msg(n)), hasOlder: true });
    const { rerender } = renderStrict(<ChatThread chat={chat} renderMessage={renderMessage} />);
    expect(seen.get("m5")).toBe(4);
    rerender(
      <ChatThread
        chat={{ ...chat, messages: range(3, 13).map((n) => msg(n)) }}
        renderMessage={renderMessage}
      />,
    );
    expect(seen.get("m5")).toBe(2);
    expect(screen.getByRole("article", { name: "bob message 5" })).toHaveAttribute("aria-posinset", "5");
  });

  it("parts outside a Root throw a clear error", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => renderStrict(<ChatThread.Composer />)).toThrow(/must be used within `ChatThread.Root`/);
    spy.mockRestore();
  });

  it("parts forward refs and accept className and data attributes", () => {
    const ref = { current: null as HTMLDivElement | null };
    renderStrict(
      <ChatThread.Root chat={chatOf({ messages: [msg(1)] })} className="root" data-testid="root">
        <ChatThread.MessageList ref={ref} className="list" />
      </ChatThread.Root>,
    );
    expect(ref.current).toBe(screen.getByRole("feed"));
    expect(ref.current).toHaveClass("list");
    expect(screen.getByTestId("root")).toHaveAttribute("data-status", "ready");
  });

  it("an empty thread is a labelled group, not a feed without articles; a loading one is a busy feed", () => {
    const { rerender } = renderStrict(<ChatThread chat={chatOf()} />);
    expect(screen.queryByRole("feed")).toBeNull();
    expect(screen.getByRole("group", { name: "Messages" })).toHaveAttribute("aria-busy", "false");
    rerender(<ChatThread chat={chatOf({ status: "connecting" })} />);
    expect(screen.getByRole("feed", { name: "Messages" })).toHaveAttribute("aria-busy", "true");
    rerender(<ChatThread chat={chatOf({ messages: [msg(1)] })} />);
    expect(screen.getByRole("feed", { name: "Messages" })).toHaveAttribute("aria-busy", "false");
  });
});

describe("ChatThread.TypingIndicator and ConnectionBanner", () => {
  it("says who is typing in a status region", () => {
    const { rerender } = renderStrict(
      <ChatThread.Root chat={chatOf({ typing: [] })}>
        <ChatThread.TypingIndicator />
      </ChatThread.Root>,
    );
    const status = screen.getByRole("status");
    expect(status).toBeEmptyDOMElement();
    rerender(
      <ChatThread.Root chat={chatOf({ typing: ["bob"] })}>
        <ChatThread.TypingIndicator />
      </ChatThread.Root>,
    );
    expect(status).toHaveTextContent("bob is typing…");
    rerender(
      <ChatThread.Root chat={chatOf({ typing: ["bob", "carol"] })}>
        <ChatThread.TypingIndicator />
      </ChatThread.Root>,
    );
    expect(status).toHaveTextContent("bob and carol are typing…");
    rerender(
      <ChatThread.Root chat={chatOf({ typing: ["bob", "carol", "dan"] })}>
        <ChatThread.TypingIndicator />
      </ChatThread.Root>,
    );
    expect(status).toHaveTextContent("3 people are typing…");
  });

  it("shows the connection state and the missed messages of a gap-fill", () => {
    const banner = (over: Parameters<typeof chatOf>[0]) => (
      <ChatThread.Root chat={chatOf(over)}>
        <ChatThread.ConnectionBanner />
      </ChatThread.Root>
    );
    const { rerender } = renderStrict(banner({ status: "connecting" }));
    const status = screen.getByRole("status");
    expect(status).toHaveTextContent("Connecting…");
    rerender(banner({ status: "reconnecting" }));
    expect(status).toHaveTextContent("Connection lost. Reconnecting…");
    expect(status).toHaveAttribute("data-state", "reconnecting");
    rerender(banner({ status: "ready", missed: 3 }));
    expect(status).toHaveTextContent("Reconnected. 3 missed messages loaded.");
    rerender(banner({ status: "ready", missed: 0 }));
    expect(status).toBeEmptyDOMElement();
  });
});
