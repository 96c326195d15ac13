// <ChatThread> over a real StompProvider session and the embedded StompX server (seed dialect).
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { StrictMode } from "react";
import { StompProvider } from "stompkit";
import { ChatThread } from "stompkit/chat";
import { createStompXServer } from "stompkit/testing";
import { renderWithStomp } from "stompkit/testing/react";

beforeEach(() => {
  vi.useFakeTimers();
});

const tick = (ms = 0) => act(() => vi.advanceTimersByTimeAsync(ms));
// fireEvent, not user-event: RTL's async wrapper waits on a real setTimeout(0) that Vitest's fake
// timers never run (it only advances fake timers for `jest`).
function typeAndSend(text: string) {
  const box = screen.getByRole("textbox", { name: "Message" });
  fireEvent.change(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: "Enter" });
}
const topic = "/topic/v1/threads/1.messages";

function renderThread(server = createStompXServer(), name = "alice") {
  return renderWithStomp(<ChatThread thread="1" />, {
    broker: server.broker,
    session: { connectHeaders: { host: "host", "StompX-User": name }, reconnect: { initialDelay: 100 } },
  });
}

describe("<ChatThread thread> on the embedded StompX server", () => {
  it("the issue's snippet: SUBSCRIBE with a receipt, the seed's SEND, and the echo rendered once", async () => {
    const server = createStompXServer();
    render(
      <StrictMode>
        <StompProvider
          webSocketFactory={server.webSocketFactory}
          heartbeat={{ outgoing: 0, incoming: 0 }}
          connectHeaders={{ host: "host", "StompX-User": "alice" }}
        >
          <ChatThread thread="1" />
        </StompProvider>
      </StrictMode>,
    );
    await tick();
    const { broker } = server;
    const subscribes = broker.framesOf("SUBSCRIBE").filter((f) => f.headers.destination === topic);
    expect(subscribes).toHaveLength(1); // StrictMode's double mount reuses the subscription
    expect(subscribes[0]?.headers.receipt).toBeTruthy();
    const box = screen.getByRole("textbox", { name: "Message" });
    expect(screen.getByRole("button", { name: "Send" })).toBeEnabled();

    typeAndSend("Hello world!");
    expect(box).toHaveValue("");
    const sends = broker.framesOf("SEND");
    expect(sends).toHaveLength(1);
    expect(sends[0]?.headers).toMatchObject({
      destination: "/application/v1/threads/1.message",
      "content-type": "application/json",
    });
    expect(sends[0]?.headers.receipt).toBeTruthy();
    expect(sends[0]?.body).toBe('{"type":"TEXT","body":"Hello world!"}');

    await tick();
    const articles = screen.getAllByRole("article");
    expect(articles).toHaveLength(1);
    expect(articles[0]).toHaveAccessibleName("alice Hello world!");
    expect(articles[0]).toHaveAttribute("data-status", "confirmed");
    expect(articles[0]).toHaveAttribute("data-mine");
  });

  it("shows my message as pending at once (client id), then confirmed in place under the echo's id", async () => {
    const server = createStompXServer();
    server.delay(50);
    renderThread(server);
    await tick(100);
    typeAndSend("hi");
    const article = screen.getByRole("article", { name: "alice hi" });
    expect(article).toHaveAttribute("data-status", "pending");
    const clientId = article.getAttribute("data-message-id");
    expect(clientId).toBeTruthy();
    await tick(100);
    const confirmed = screen.getByRole("article", { name: "alice hi" });
    expect(confirmed).toHaveAttribute("data-status", "confirmed");
    // The seed's echo has no resource id: the store derives one; either way it is not the client id.
    expect(confirmed.getAttribute("data-message-id")).not.toBe(clientId);
    expect(screen.getAllByRole("article")).toHaveLength(1);
  });

  it("renders others' live messages as confirmed and announces them", async () => {
    const server = createStompXServer();
    server.seed("1", [{ body: "history", user: "bob" }]);
    const { container } = renderThread(server);
    await tick();
    expect(screen.getByRole("article", { name: "bob history" })).toBeInTheDocument();
    const polite = container.ownerDocument.querySelector('[aria-live="polite"]');
    expect(polite).toBeEmptyDOMElement(); // history is never announced
    act(() => server.post("1", { body: "Hi alice", user: "bob" }));
    await tick(16); // others' messages are published once per animation frame
    expect(screen.getByRole("article", { name: "bob Hi alice" })).toHaveAttribute("data-status", "confirmed");
    expect(polite).toHaveTextContent("New message from bob");
  });

  it("a rejected send fails with an alert and a Retry button; Retry confirms it", async () => {
    const server = createStompXServer();
    renderThread(server);
    await tick();
    server.rejectSends(1, "Too fast");
    typeAndSend("again");
    await tick();
    const failed = screen.getByRole("article", { name: "alice again" });
    expect(failed).toHaveAttribute("data-status", "failed");
    expect(screen.getByRole("alert")).toHaveTextContent("Message not sent");
    fireEvent.click(within(failed).getByRole("button", { name: "Retry" }));
    await tick();
    const articles = screen.getAllByRole("article", { name: "alice again" });
    expect(articles).toHaveLength(1);
    expect(articles[0]).toHaveAttribute("data-status", "confirmed");
    expect(server.broker.framesOf("SEND")).toHaveLength(2);
  });

  it("renders the newest messages of a long thread without layout, with setsize -1 while older exist", async () => {
    const server = createStompXServer();
    server.seed(
      "1",
      Array.from({ length: 60 }, (_, i) => ({ body: `seeded ${i}`, user: "bob" })),
    );
    renderThread(server);
    await tick();
    const articles = screen.getAllByRole("article");
    expect(articles.length).toBeGreaterThanOrEqual(20);
    expect(articles.at(-1)).toHaveAccessibleName("bob seeded 59");
    expect(articles.at(-1)).toHaveAttribute("aria-setsize", "-1");
  });

  it("says when the connection is lost, keeps sending possible (queued), and reports the missed messages after the gap-fill", async () => {
    const server = createStompXServer();
    renderThread(server);
    await tick();
    server.refuse(true);
    act(() => server.drop());
    await tick();
    expect(screen.getByRole("button", { name: "Send" })).toBeEnabled();
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveAccessibleDescription(
      "Reconnecting… Messages you send now go out when the connection is back.",
    );
    const banner = document.querySelector('[data-part="connection-banner"]') as HTMLElement;
    expect(banner).toHaveTextContent("Connection lost. Reconnecting…");
    expect(screen.getByRole("alert")).toHaveTextContent("Connection lost. Reconnecting…");
    server.post("1", { body: "while you were away", user: "bob" });
    server.refuse(false);
    await tick(500);
    expect(screen.getByRole("article", { name: "bob while you were away" })).toBeInTheDocument();
    expect(banner).toHaveTextContent("Reconnected. 1 missed message loaded.");
    expect(screen.getByRole("alert")).toHaveTextContent("Connection restored.");
    expect(screen.getByRole("button", { name: "Send" })).toBeEnabled();
    const polite = document.querySelector('[aria-live="polite"]');
    expect(polite).toBeEmptyDOMElement(); // the gap-fill is history
  });

  it("switching the thread prop re-creates the store: UNSUBSCRIBE the old topic, SUBSCRIBE the new", async () => {
    const server = createStompXServer();
    server.seed("2", [{ body: "in two", user: "bob" }]);
    const view = renderThread(server);
    await tick();
    view.rerender(<ChatThread thread="2" />);
    await tick(1000);
    expect(screen.getByRole("article", { name: "bob in two" })).toBeInTheDocument();
    const live = server.broker.subscriptionCount(topic);
    expect(live).toBe(0);
    expect(server.broker.subscriptionCount("/topic/v1/threads/2.messages")).toBe(1);
  });

  it("a message the store refuses (too long) keeps the text in the composer and says why", async () => {
    const server = createStompXServer();
    renderWithStomp(<ChatThread thread="1" maxLength={5} />, {
      broker: server.broker,
      session: { connectHeaders: { host: "host", "StompX-User": "alice" } },
    });
    await tick();
    typeAndSend("too long");
    await tick();
    const box = screen.getByRole("textbox", { name: "Message" });
    expect(box).toHaveValue("too long");
    expect(box).toHaveAttribute("aria-invalid", "true");
    const problem = document.querySelector('[data-part="composer-error"]');
    expect(problem).toHaveAttribute("role", "alert");
    expect(box).toHaveAccessibleDescription(problem?.textContent ?? "-");
    expect(screen.queryAllByRole("article")).toHaveLength(0);
    expect(server.broker.framesOf("SEND")).toHaveLength(0);
    fireEvent.change(box, { target: { value: "short" } });
    expect(document.querySelector('[data-part="composer-error"]')).toBeNull();
  });

  it("typing in one composer shows in the other's typing indicator (stompx-1 has typing events)", async () => {
    const server = createStompXServer({ profile: "stompx-1" });
    const session = { reconnect: { initialDelay: 100 } };
    const alice = renderWithStomp(<ChatThread thread="1" profile="stompx-1" aria-label="Alice" />, {
      broker: server.broker,
      session: { ...session, connectHeaders: { host: "host", "StompX-User": "alice" } },
    });
    renderWithStomp(<ChatThread thread="1" profile="stompx-1" aria-label="Bob" />, {
      broker: server.broker,
      session: { ...session, connectHeaders: { host: "host", "StompX-User": "bob" } },
    });
    await tick();
    const bob = screen.getByRole("region", { name: "Bob" });
    const typing = alice.container.querySelector('[data-part="typing"]') as HTMLElement;
    expect(typing).toHaveRole("status");
    expect(typing).toBeEmptyDOMElement();
    const box = within(bob).getByRole("textbox", { name: "Message" });
    fireEvent.change(box, { target: { value: "h" } });
    fireEvent.change(box, { target: { value: "he" } });
    fireEvent.change(box, { target: { value: "hey" } });
    await tick(200); // the store debounces keystrokes (~150 ms): one SEND for the three changes
    const keystrokes = server.broker
      .framesOf("SEND")
      .filter((f) => f.headers.destination?.endsWith(".keystrokes"));
    expect(keystrokes).toHaveLength(1);
    await tick();
    expect(typing).toHaveTextContent("bob is typing…");
    await tick(10_000);
    expect(typing).toBeEmptyDOMElement();
  });
});
