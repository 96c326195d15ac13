import "stompkit/chat/styles.css";
import type { Meta, StoryContext, StoryObj } from "@storybook/react-vite";
import type { CSSProperties, ReactNode } from "react";
import { StompProvider } from "stompkit";
import { ChatThread } from "stompkit/chat";
import type { SeedMessage } from "stompkit/testing";
import { expect, userEvent, waitFor, within } from "storybook/test";
import {
  type FakeBrokerParameters,
  getFakeBroker,
  getStompX,
  type StompXParameters,
} from "./decorators/withFakeBroker";

/**
 * `<ChatThread>` on the embedded StompX server (`createStompXServer` from `stompkit/testing`) that
 * `parameters.stompx` starts on each story's in-memory broker: no network, the seed's own dialect
 * (`stompx-2020`) unless a story says otherwise. Every story is a test in Chromium (its `play`
 * asserts by role; axe checks it afterwards). The first one is what `npm start` opens.
 */
const meta = {
  title: "Chat/ChatThread",
  parameters: { layout: "fullscreen" },
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

const timeout = 10_000;

const box: CSSProperties = {
  display: "flex",
  flexDirection: "column",
  inlineSize: 380,
  blockSize: 460,
  border: "1px solid #c3cad2",
  borderRadius: 12,
  overflow: "hidden",
};

/**
 * A titled, fixed-size box holding one chat. The chat itself is the region landmark: give it the same
 * `aria-label` (two chats on one page need distinct names), and `view()` finds it by that name.
 */
function Panel({ label, children, style }: { label: string; children: ReactNode; style?: CSSProperties }) {
  return (
    <div style={{ display: "grid", gap: 8, justifyItems: "start" }}>
      <h2 style={{ margin: 0, font: "600 15px/1.3 system-ui, sans-serif" }}>{label}</h2>
      <div style={{ ...box, ...style }}>{children}</div>
    </div>
  );
}

const page: CSSProperties = {
  display: "flex",
  flexWrap: "wrap",
  gap: 24,
  padding: 24,
  font: "15px/1.4 system-ui, sans-serif",
};

/** One chat on the page, by its region name: `within(view(context, "Alice"))`. */
function view(context: Pick<StoryContext, "canvasElement">, label: string): HTMLElement {
  return within(context.canvasElement).getByRole("region", { name: label });
}

/** The `[data-stompkit-chat]` root: `el` itself (a chat's region) or the one inside it. */
function chatRoot(el: HTMLElement): HTMLElement {
  const root = el.matches("[data-stompkit-chat]")
    ? el
    : el.querySelector<HTMLElement>("[data-stompkit-chat]");
  if (!root) throw new Error("no [data-stompkit-chat] root");
  return root;
}

/** The story's thread is connected and its first page is shown. */
async function ready(chat: HTMLElement) {
  await waitFor(() => expect(chatRoot(chat)).toHaveAttribute("data-status", "ready"), { timeout });
}

/** Types `text` into the composer inside `scope` and presses Enter. */
async function say(scope: HTMLElement, text: string) {
  const box = within(scope).getByRole("textbox", { name: "Message" });
  await userEvent.click(box);
  await userEvent.keyboard(`${text}{Enter}`);
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

const welcome: SeedMessage[] = [
  {
    body: "Hi Bob! This thread runs on the embedded StompX server, right here in the page.",
    user: "alice",
    createdTime: minutesAgo(9),
  },
  {
    body: "No network at all? Nice. So every frame is the seed's dialect?",
    user: "bob",
    createdTime: minutesAgo(8),
  },
  {
    body: "Frame for frame: SUBSCRIBE /topic/v1/threads/1.messages, SEND /application/v1/threads/1.message with a receipt. Type below and watch the other side.",
    user: "alice",
    createdTime: minutesAgo(7),
  },
];

/**
 * The demo: Alice and Bob, each with their own connection, in one thread on one embedded StompX
 * server. Type on either side; the message shows at once as "Sending…", then "Delivered" when the
 * server's echo comes back, and appears on the other side.
 */
export const TwoPeopleChatting: Story = {
  parameters: {
    stompx: { user: "alice", users: ["bob"], seed: { "1": welcome } } satisfies StompXParameters,
  },
  render: (_args, context) => (
    <div style={page}>
      <Panel label="Alice">
        <ChatThread thread="1" aria-label="Alice" />
      </Panel>
      <Panel label="Bob">
        <StompProvider session={getStompX(context).sessions.bob!}>
          <ChatThread thread="1" aria-label="Bob" />
        </StompProvider>
      </Panel>
    </div>
  ),
  play: async (context) => {
    const alice = view(context, "Alice");
    const bob = view(context, "Bob");
    await ready(alice);
    await ready(bob);
    await expect(within(alice).getAllByRole("article")).toHaveLength(3);

    await say(alice, "Hello Bob! Can you see this?");
    const onBobsSide = await within(bob).findByRole(
      "article",
      { name: /Hello Bob! Can you see this\?/ },
      { timeout },
    );
    await expect(onBobsSide).toHaveAttribute("data-status", "confirmed");
    await waitFor(
      () =>
        expect(within(alice).getByRole("article", { name: /Hello Bob! Can you see this\?/ })).toHaveAttribute(
          "data-status",
          "confirmed",
        ),
      { timeout },
    );

    await say(bob, "Loud and clear, Alice.");
    const onAlicesSide = await within(alice).findByRole(
      "article",
      { name: /Loud and clear, Alice\./ },
      { timeout },
    );
    await expect(onAlicesSide).toHaveAccessibleName(/bob/);
    // Each message exists once on each side (no duplicate from the echo).
    await expect(within(alice).getAllByRole("article", { name: /Loud and clear/ })).toHaveLength(1);
    await expect(within(bob).getAllByRole("article", { name: /Hello Bob!/ })).toHaveLength(1);
  },
};

/** A thread with no messages yet: an empty message list (a group until its first article) and a ready composer. axe checks this state. */
export const Empty: Story = {
  parameters: { stompx: { seed: { empty: [] } } satisfies StompXParameters },
  render: () => (
    <div style={page}>
      <Panel label="Empty thread">
        <ChatThread thread="empty" aria-label="Empty thread" />
      </Panel>
    </div>
  ),
  play: async (context) => {
    const chat = view(context, "Empty thread");
    await ready(chat);
    // No articles, so no feed (a feed must own articles): the same labelled scroller as a group.
    await expect(within(chat).queryByRole("feed")).toBeNull();
    const list = within(chat).getByRole("group", { name: "Messages" });
    await expect(list).toHaveAttribute("aria-busy", "false");
    await expect(within(list).queryAllByRole("article")).toHaveLength(0);
    await expect(within(chat).getByRole("textbox", { name: "Message" })).toBeEnabled();
    await expect(within(chat).getByRole("button", { name: "Send" })).toBeEnabled();
  },
};

const LONG = 10_000;
const longThread = (): SeedMessage[] =>
  Array.from({ length: LONG }, (_, i) => ({
    body: `Message ${i + 1} of ${LONG}: ${"lorem ipsum dolor sit amet ".repeat(1 + (i % 7)).trim()}`,
    user: i % 3 === 0 ? "alice" : i % 3 === 1 ? "bob" : "carol",
    createdTime: new Date(Date.now() - (LONG - i) * 30_000).toISOString(),
  }));

/** 10,000 messages on the server: the newest page shows at once, virtualized (a few dozen articles in the DOM). */
export const LongThread: Story = {
  parameters: { stompx: { setup: (server) => server.seed("long", longThread()) } satisfies StompXParameters },
  render: () => (
    <div style={page}>
      <Panel label="Long thread">
        <ChatThread thread="long" aria-label="Long thread" />
      </Panel>
    </div>
  ),
  play: async (context) => {
    const chat = view(context, "Long thread");
    await ready(chat);
    const newest = await within(chat).findByRole("article", { name: /Message 10000 of 10000/ }, { timeout });
    const feed = within(chat).getByRole("feed", { name: "Messages" });
    // The newest message is on screen (the list starts at the end).
    await waitFor(
      () => {
        const f = feed.getBoundingClientRect();
        const n = newest.getBoundingClientRect();
        expect(n.bottom).toBeLessThanOrEqual(f.bottom + 2);
        expect(n.bottom).toBeGreaterThan(f.top);
      },
      { timeout },
    );
    const articles = within(feed).getAllByRole("article");
    await expect(articles.length).toBeLessThanOrEqual(60);
    // More history exists on the server: the feed's size is unknown (-1).
    await expect(newest).toHaveAttribute("aria-setsize", "-1");
  },
};

/** A send the server rejects: "Sending…" → "Not sent" with Retry → "Delivered" after Retry. */
export const PendingFailedRetry: Story = {
  parameters: { stompx: { seed: { "1": welcome.slice(0, 2) } } satisfies StompXParameters },
  render: () => (
    <div style={page}>
      <Panel label="Alice">
        <ChatThread thread="1" aria-label="Alice" />
      </Panel>
    </div>
  ),
  play: async (context) => {
    const chat = view(context, "Alice");
    const server = getStompX(context).server;
    await ready(chat);
    server.delay(400);
    server.rejectSends(1, "Message rejected by the server");
    await say(chat, "This one will fail first");
    const message = await within(chat).findByRole("article", { name: /This one will fail first/ });
    await expect(message).toHaveAttribute("data-status", "pending");
    await expect(message).toHaveAccessibleDescription("Sending…");
    const retry = await within(message).findByRole("button", { name: "Retry" }, { timeout });
    await expect(message).toHaveAttribute("data-status", "failed");
    await expect(message).toHaveAccessibleDescription("Not sent");
    await userEvent.click(retry);
    await waitFor(() => expect(message).toHaveAttribute("data-status", "confirmed"), { timeout });
    await expect(within(message).queryByRole("button", { name: "Retry" })).toBeNull();
    await expect(within(chat).getAllByRole("article", { name: /This one will fail first/ })).toHaveLength(1);
    await expect(server.messages("1").filter((m) => m.body === "This one will fail first")).toHaveLength(1);
  },
};

/** Bob types in his composer; Alice sees "bob is typing…", which goes away when he sends. */
export const Typing: Story = {
  // The seed's 2020 dialect has no typing events; StompX 1.x (`stompx-1`) has them.
  parameters: {
    stompx: {
      profile: "stompx-1",
      users: ["bob"],
      seed: { "1": welcome.slice(0, 2) },
    } satisfies StompXParameters,
  },
  render: (_args, context) => (
    <div style={page}>
      <Panel label="Alice">
        <ChatThread thread="1" profile="stompx-1" aria-label="Alice" />
      </Panel>
      <Panel label="Bob" style={{ blockSize: "auto" }}>
        <StompProvider session={getStompX(context).sessions.bob!}>
          <ChatThread.Root thread="1" profile="stompx-1" aria-label="Bob">
            <ChatThread.Composer />
          </ChatThread.Root>
        </StompProvider>
      </Panel>
    </div>
  ),
  play: async (context) => {
    const alice = view(context, "Alice");
    const bob = view(context, "Bob");
    await ready(alice);
    await ready(bob);
    const typing = within(alice)
      .getAllByRole("status")
      .find((el) => el.getAttribute("data-part") === "typing")!;
    await expect(typing).toHaveAttribute("data-state", "idle");
    await userEvent.click(within(bob).getByRole("textbox", { name: "Message" }));
    await userEvent.keyboard("Are you the");
    await waitFor(() => expect(typing).toHaveTextContent("bob is typing…"), { timeout });
    await expect(typing).toHaveAttribute("data-state", "active");
    await userEvent.keyboard(" one who asked?{Enter}");
    await within(alice).findByRole("article", { name: /Are you the one who asked\?/ }, { timeout });
    await waitFor(() => expect(typing).toHaveAttribute("data-state", "idle"), { timeout });
  },
};

/**
 * The connection drops and the server refuses for a while; Bob posts three messages meanwhile. After
 * the reconnect the newest page is fetched again and merged: "3 missed messages loaded".
 */
export const ReconnectingGapFill: Story = {
  parameters: {
    stompx: { seed: { "1": welcome } } satisfies StompXParameters,
    fakeBroker: { reconnect: { initialDelay: 200, maxDelay: 400 } } satisfies FakeBrokerParameters,
  },
  render: () => (
    <div style={page}>
      <Panel label="Alice">
        <ChatThread thread="1" aria-label="Alice" />
      </Panel>
    </div>
  ),
  play: async (context) => {
    const chat = view(context, "Alice");
    const server = getStompX(context).server;
    const broker = getFakeBroker(context);
    await ready(chat);
    const banner = within(chat)
      .getAllByRole("status")
      .find((el) => el.getAttribute("data-part") === "connection-banner")!;
    server.refuse(true);
    server.drop();
    await waitFor(() => expect(banner).toHaveTextContent("Connection lost. Reconnecting…"), { timeout });
    // Sending stays possible while reconnecting: the message waits as pending and goes out once.
    await expect(within(chat).getByRole("button", { name: "Send" })).toBeEnabled();
    const box = within(chat).getByRole("textbox", { name: "Message" });
    await expect(box).toHaveAccessibleDescription(/go out when the connection is back/);
    await say(chat, "Back in a minute");
    for (const body of ["Are you there?", "Hello?", "I'll wait."]) server.post("1", { body, user: "bob" });
    await expect(within(chat).queryByRole("article", { name: /I'll wait\./ })).toBeNull();
    server.refuse(false);
    await waitFor(() => expect(banner).toHaveTextContent("Reconnected. 3 missed messages loaded."), {
      timeout,
    });
    await within(chat).findByRole("article", { name: /I'll wait\./ }, { timeout });
    await waitFor(
      () => expect(server.messages("1").filter((m) => m.body === "Back in a minute")).toHaveLength(1),
      {
        timeout,
      },
    );
    await waitFor(() =>
      expect(within(chat).getAllByRole("article", { name: /Back in a minute/ })).toHaveLength(1),
    );
    await expect(within(chat).getAllByRole("article")).toHaveLength(7);
    await expect(broker.connectionCount).toBeGreaterThanOrEqual(2);
  },
};

const olderThread: SeedMessage[] = Array.from({ length: 120 }, (_, i) => ({
  body: `Older thread message ${i + 1}`,
  user: i % 2 ? "bob" : "alice",
  createdTime: new Date(Date.now() - (120 - i) * 90_000).toISOString(),
}));

/** Scrolled to the top, the next older page is fetched (`aria-busy` meanwhile); the visible message stays put. */
export const LoadingOlder: Story = {
  parameters: { stompx: { seed: { older: olderThread } } satisfies StompXParameters },
  render: () => (
    <div style={page}>
      <Panel label="Alice">
        <ChatThread thread="older" pageSize={20} aria-label="Alice" />
      </Panel>
    </div>
  ),
  play: async (context) => {
    const chat = view(context, "Alice");
    const server = getStompX(context).server;
    const broker = getFakeBroker(context);
    await ready(chat);
    const feed = within(chat).getByRole("feed", { name: "Messages" });
    await within(feed).findByRole("article", { name: /Older thread message 120/ }, { timeout });
    server.delay(600);
    feed.scrollTop = 0;
    await waitFor(() => expect(feed).toHaveAttribute("aria-busy", "true"), { timeout });
    // The message at the top while loading must keep its place when the page is prepended.
    const anchor = within(feed).getByRole("article", { name: /Older thread message 101\b/ });
    const before = anchor.getBoundingClientRect().top;
    await waitFor(() => expect(feed).toHaveAttribute("aria-busy", "false"), { timeout });
    await waitFor(() =>
      expect(
        broker
          .framesOf("SUBSCRIBE")
          .filter((f) => f.headers.destination?.endsWith(".messages.relay") && f.headers.page === "1"),
      ).toHaveLength(1),
    );
    await new Promise((r) => setTimeout(r, 100));
    const after = within(feed)
      .getByRole("article", { name: /Older thread message 101\b/ })
      .getBoundingClientRect().top;
    await expect(Math.abs(after - before)).toBeLessThanOrEqual(2);
    await expect(
      within(feed).getByRole("article", { name: /Older thread message 100\b/ }),
    ).toBeInTheDocument();
  },
};

const rtlThread: SeedMessage[] = [
  { body: "مرحبا! هل وصلت رسالتي؟", user: "سارة", createdTime: minutesAgo(6) },
  { body: "نعم، وصلت. The deploy is green.", user: "alice", createdTime: minutesAgo(5) },
  { body: "שלום, אני כאן גם", user: "דוד", createdTime: minutesAgo(4) },
];

/** Right to left: the layout mirrors (logical properties), names and bodies are bidi-isolated. */
export const RTL: Story = {
  parameters: { stompx: { seed: { rtl: rtlThread } } satisfies StompXParameters },
  render: () => (
    <div style={page} dir="rtl" lang="ar">
      <Panel label="محادثة">
        <ChatThread thread="rtl" aria-label="محادثة" />
      </Panel>
    </div>
  ),
  play: async (context) => {
    const chat = view(context, "محادثة");
    await ready(chat);
    const theirs = await within(chat).findByRole("article", { name: /مرحبا! هل وصلت رسالتي؟/ }, { timeout });
    const mine = within(chat).getByRole("article", { name: /The deploy is green/ });
    await expect(getComputedStyle(theirs).direction).toBe("rtl");
    await expect(theirs.querySelector("bdi")).toHaveTextContent("سارة");
    // Bubbles: mine at the inline end (the left in RTL), theirs at the inline start (the right).
    await expect(mine).toHaveAttribute("data-mine");
    const gaps = (article: HTMLElement) => {
      const a = article.getBoundingClientRect();
      const b = article.querySelector('[data-part="body"]')!.getBoundingClientRect();
      return { left: b.left - a.left, right: a.right - b.right };
    };
    await expect(gaps(mine).left).toBeLessThan(gaps(mine).right);
    await expect(gaps(theirs).right).toBeLessThan(gaps(theirs).left);
  },
};

/** The dark theme (`data-theme="dark"`; it also follows `prefers-color-scheme`), checked by axe for contrast. */
export const Dark: Story = {
  parameters: { stompx: { seed: { "1": welcome } } satisfies StompXParameters },
  render: () => (
    <div style={{ ...page, background: "#0b0d10", color: "#e7eaee", minHeight: "100vh" }} data-theme="dark">
      <Panel label="Alice (dark)" style={{ borderColor: "#343a41" }}>
        <ChatThread thread="1" aria-label="Alice (dark)" />
      </Panel>
    </div>
  ),
  play: async (context) => {
    const chat = view(context, "Alice (dark)");
    await ready(chat);
    const root = chatRoot(chat);
    await expect(getComputedStyle(root).backgroundColor).toBe("rgb(22, 25, 29)");
    await expect(getComputedStyle(root).colorScheme).toBe("dark");
    await expect(within(chat).getAllByRole("article")).toHaveLength(3);
  },
};

/** `renderMessage`: your own markup inside each `<article>`, which keeps its role, name and data attributes. */
export const CustomMessageSlot: Story = {
  parameters: { stompx: { seed: { "1": welcome } } satisfies StompXParameters },
  render: () => (
    <div style={page}>
      <Panel label="Alice (custom messages)">
        <ChatThread
          thread="1"
          aria-label="Alice (custom messages)"
          renderMessage={(message) => (
            <ChatThread.Message message={message} className="story-custom-message">
              <p style={{ margin: 0 }}>
                <strong data-part="custom-author">{message.user?.name ?? "?"}</strong>
                {" says: "}
                <span>{message.body}</span>
              </p>
              <small>{message.mine ? `yours · ${message.status}` : "theirs"}</small>
            </ChatThread.Message>
          )}
        />
      </Panel>
    </div>
  ),
  play: async (context) => {
    const chat = view(context, "Alice (custom messages)");
    await ready(chat);
    const articles = within(chat).getAllByRole("article");
    await expect(articles).toHaveLength(3);
    for (const article of articles) {
      await expect(article).toHaveClass("story-custom-message");
      await expect(article).toHaveTextContent(/says:/);
    }
    await say(chat, "Sent through the custom slot");
    await waitFor(
      () =>
        expect(
          within(chat)
            .getAllByRole("article")
            .find((a) => a.textContent?.includes("Sent through the custom slot")),
        ).toHaveAttribute("data-status", "confirmed"),
      { timeout },
    );
  },
};
