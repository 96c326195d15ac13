// issue 13 §4: StompInspector (stompkit/devtools), by role, on the fake broker with fake timers
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { StrictMode } from "react";
import { createChatThreadStore } from "stompkit/chat/core";
import { createStompSession } from "stompkit/core";
import { StompInspector } from "stompkit/devtools";
import { createStompXServer } from "stompkit/testing";
import { renderWithStomp } from "stompkit/testing/react";
import { internals } from "../../src/core/internals";

beforeEach(() => {
  vi.useFakeTimers();
});

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
const PASSCODE = "hunter2-passcode";
const PASSWORD = "s3cretPassw0rd";
const TOKEN = "t0kenValue123";

function renderInspector(props: Parameters<typeof StompInspector>[0] = {}) {
  return renderWithStomp(<StompInspector {...props} />, {
    session: {
      url: `wss://admin:${PASSWORD}@broker.example.com/ws?token=${TOKEN}`,
      connectHeaders: { login: "guest", passcode: PASSCODE },
      reconnect: { initialDelay: 100 },
    },
  });
}

describe("StompInspector", () => {
  it("is a tab list: arrows move selection and focus (wrapping), Home and End jump", async () => {
    renderInspector();
    await advance(0);
    const tabs = screen.getAllByRole("tab");
    expect(tabs.map((t) => t.textContent?.replace(/ \(\d+\)$/, ""))).toEqual([
      "Connection",
      "Subscriptions",
      "Receipts",
      "Outbox",
      "Frames",
      "Chat",
    ]);
    expect(screen.getByRole("tab", { name: "Connection" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tabpanel", { name: "Connection" })).toBeVisible();
    const first = tabs[0]!;
    first.focus();
    fireEvent.keyDown(first, { key: "ArrowRight" });
    expect(tabs[1]).toHaveAttribute("aria-selected", "true");
    expect(tabs[1]).toHaveFocus();
    expect(tabs[1]).toHaveAttribute("tabindex", "0");
    expect(first).toHaveAttribute("tabindex", "-1");
    fireEvent.keyDown(tabs[1]!, { key: "End" });
    expect(screen.getByRole("tab", { name: "Chat" })).toHaveFocus();
    fireEvent.keyDown(tabs[5]!, { key: "ArrowRight" });
    expect(first).toHaveFocus();
    fireEvent.keyDown(first, { key: "ArrowLeft" });
    expect(tabs[5]).toHaveAttribute("aria-selected", "true");
    fireEvent.keyDown(tabs[5]!, { key: "Home" });
    expect(first).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tabpanel")).toHaveAttribute("aria-labelledby", first.id);
  });

  it("shows the connection with the URL's credentials masked, the version and the history", async () => {
    const { container } = renderInspector();
    await advance(1000);
    const panel = screen.getByRole("tabpanel", { name: "Connection" });
    expect(within(panel).getByText("Status", { selector: "dt" }).nextSibling).toHaveTextContent("open");
    expect(within(panel).getByText("STOMP version").nextSibling).toHaveTextContent("1.2");
    expect(within(panel).getByText("URL", { selector: "dt" }).nextSibling).toHaveTextContent(
      "wss://admin:***@broker.example.com/ws?token=***",
    );
    expect(within(panel).getByRole("table", { name: /History/ })).toBeInTheDocument();
    expect(container.textContent).not.toContain(PASSWORD);
    expect(container.textContent).not.toContain(TOKEN);
  });

  it("lists subscriptions, receipts and the outbox", async () => {
    const { session, broker } = renderInspector({ defaultTab: "subscriptions" });
    await advance(0);
    const a = session.subscriptions.subscribe("/topic/insp-ui", {});
    const b = session.subscriptions.subscribe("/topic/insp-ui", {});
    await advance(1000);
    const row = screen.getByRole("row", { name: /\/topic\/insp-ui/ });
    expect(
      within(row)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual([expect.stringMatching(/^sub-/), "/topic/insp-ui", "2", "ready", "0", "0", "–"]);
    broker.swallowReceipts();
    void session.send("/queue/x", "abc", { receipt: "r-ui-1", timeout: 60_000 }).catch(() => {});
    await advance(2000);
    fireEvent.click(screen.getByRole("tab", { name: "Receipts" }));
    expect(screen.getByRole("row", { name: /r-ui-1 pending 2\.0 s/ })).toBeInTheDocument();
    fireEvent.click(screen.getByRole("tab", { name: "Outbox" }));
    expect(screen.getByText("Awaiting receipt").nextSibling).toHaveTextContent("1");
    a.release(true);
    b.release(true);
  });

  it("shows frames both ways with secrets masked; pause keeps new frames out until resumed", async () => {
    const { session, broker, container } = renderInspector({ defaultTab: "frames" });
    await advance(100);
    const table = () => screen.getByRole("table", { name: /frames/ });
    expect(within(table()).getByRole("row", { name: /sent CONNECT/ })).toHaveTextContent("passcode:***");
    expect(within(table()).getByRole("row", { name: /received CONNECTED/ })).toBeInTheDocument();
    session.subscriptions.subscribe("/topic/frames-a", {});
    await advance(100);
    broker.publish("/topic/frames-a", `echo ${PASSCODE}`);
    await advance(100);
    expect(
      within(table()).getByRole("row", { name: /received MESSAGE \/topic\/frames-a/ }),
    ).toHaveTextContent("echo ***");
    expect(container.textContent).not.toContain(PASSCODE);

    fireEvent.click(screen.getByRole("button", { name: "Pause" }));
    expect(screen.getByRole("button", { name: "Resume" })).toHaveAttribute("aria-pressed", "true");
    broker.publish("/topic/frames-a", "while paused");
    await advance(100);
    expect(container.textContent).not.toContain("while paused");
    expect(screen.getByRole("status")).toHaveTextContent("Paused: 1 frame not recorded");
    fireEvent.click(screen.getByRole("button", { name: "Resume" }));
    broker.publish("/topic/frames-a", "after resume");
    await advance(100);
    expect(within(table()).getByText("after resume")).toBeInTheDocument();
  });

  it("filters frames by destination and copies what is shown as text, masked", async () => {
    const { session, broker } = renderInspector({ defaultTab: "frames" });
    await advance(100);
    session.subscriptions.subscribe("/topic/keep-me", {});
    session.subscriptions.subscribe("/topic/other", {});
    await advance(100);
    broker.publish("/topic/keep-me", "1");
    broker.publish("/topic/other", "2");
    await advance(100);
    fireEvent.change(screen.getByRole("searchbox", { name: "Filter by destination" }), {
      target: { value: "keep" },
    });
    const rows = within(screen.getByRole("table", { name: /frames/ }))
      .getAllByRole("row")
      .slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell")[3]?.textContent)).toEqual([
      "/topic/keep-me",
      "/topic/keep-me",
    ]);
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    fireEvent.click(screen.getByRole("button", { name: "Copy as text" }));
    await advance(0);
    expect(screen.getByRole("status")).toHaveTextContent("Copied 2 frames as text.");
    const text = (writeText.mock.calls[0] as unknown as [string])[0];
    expect(text).toMatch(/<<< MESSAGE\n(.+\n)*destination:\/topic\/keep-me/);
    expect(text).toContain(">>> SUBSCRIBE");
    expect(text).not.toContain("/topic/other");
    // no Clipboard API: the textarea + execCommand fallback
    Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true });
    const execCommand = vi.fn(() => true);
    Object.defineProperty(document, "execCommand", { value: execCommand, configurable: true });
    fireEvent.change(screen.getByRole("searchbox", { name: "Filter by destination" }), {
      target: { value: "" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Copy as text" }));
    await advance(0);
    expect(execCommand).toHaveBeenCalledWith("copy");
    expect(screen.getByRole("status")).toHaveTextContent(/Copied \d+ frames as text\./);
  });

  it("keeps at most maxFrames frames", async () => {
    const { session, broker } = renderInspector({ defaultTab: "frames", maxFrames: 5 });
    await advance(100);
    session.subscriptions.subscribe("/topic/many", {});
    await advance(100);
    for (let i = 0; i < 20; i++) broker.publish("/topic/many", String(i));
    await advance(100);
    const rows = within(screen.getByRole("table", { name: /frames/ }))
      .getAllByRole("row")
      .slice(1);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toHaveTextContent("19");
  });

  it("shows mounted chat threads: window, pending sends, last gap-fill", async () => {
    const server = createStompXServer();
    const session = createStompSession({
      webSocketFactory: server.webSocketFactory,
      connectHeaders: { host: "host", "StompX-User": "alice" },
      heartbeat: { outgoing: 0, incoming: 0 },
    });
    server.seed("1", ["hello", "world"]);
    const thread = createChatThreadStore(session, { thread: "1", profile: server.profile });
    render(
      <StrictMode>
        <StompInspector session={session} defaultTab="chat" />
      </StrictMode>,
    );
    expect(screen.getByText("No chat thread mounted on this session.")).toBeInTheDocument();
    const release = session.mount();
    const unmount = thread.mount();
    await advance(1000);
    const section = screen.getByRole("region", { name: "Thread 1" });
    expect(within(section).getByText("Messages in window").nextSibling).toHaveTextContent("2");
    expect(within(section).getByText("Pending sends").nextSibling).toHaveTextContent("0");
    expect(within(section).getByText("Last gap-fill").nextSibling).toHaveTextContent("never");
    unmount();
    release();
    await advance(1000);
  });

  it("observes only while mounted", async () => {
    const { session, unmount } = renderInspector({ defaultTab: "frames" });
    await advance(100);
    expect(internals(session).taps.size).toBe(1); // one frame tap however many observers
    unmount();
    expect(internals(session).taps.size).toBe(0);
  });

  it("says what it needs outside a provider without a session", () => {
    render(<StompInspector />);
    expect(screen.getByRole("alert")).toHaveTextContent("needs a `session` prop");
  });
});
