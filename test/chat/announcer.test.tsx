import { act, screen } from "@testing-library/react";
import { ChatThread, type ChatThreadResult } from "stompkit/chat";
import { chatOf, msg, range, renderStrict } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

const tick = (ms = 0) => act(() => vi.advanceTimersByTimeAsync(ms));

function setup(initial: Partial<ChatThreadResult>) {
  let chat = chatOf(initial);
  const view = renderStrict(<ChatThread chat={chat} />);
  const polite = view.container.querySelector('[aria-live="polite"]') as HTMLElement;
  const update = (over: Partial<ChatThreadResult>) => {
    chat = { ...chat, ...over };
    view.rerender(<ChatThread chat={chat} />);
  };
  return { polite, update, current: () => chat };
}

describe("ChatThread announcer", () => {
  it("stays silent for the first page, then announces a live message from someone else", async () => {
    const { polite, update, current } = setup({ status: "connecting", messages: [] });
    update({ status: "ready", messages: range(1, 11).map((n) => msg(n)) });
    await tick(2000);
    expect(polite).toBeEmptyDOMElement();
    update({ messages: [...current().messages, msg(11, { user: { name: "carol" } })] });
    expect(polite).toHaveTextContent("New message from carol");
    expect(polite).toHaveAttribute("aria-atomic", "true");
  });

  it("throttles to one announcement per second and counts the batch", async () => {
    const { polite, update, current } = setup({ messages: [msg(1)] });
    update({ messages: [...current().messages, msg(2, { user: { name: "carol" } })] });
    expect(polite).toHaveTextContent("New message from carol");
    update({ messages: [...current().messages, msg(3, { user: { name: "dan" } })] });
    update({ messages: [...current().messages, msg(4, { user: { name: "erin" } })] });
    await tick(999);
    expect(polite).toHaveTextContent("New message from carol");
    await tick(1);
    expect(polite).toHaveTextContent("2 new messages");
    await tick(5000); // nothing queued: stays
    expect(polite).toHaveTextContent("2 new messages");
    update({ messages: [...current().messages, msg(5, { user: { name: "dan" } })] });
    expect(polite).toHaveTextContent("New message from dan");
  });

  it("repeats an identical announcement (a live region speaks only on change)", async () => {
    const { polite, update, current } = setup({ messages: [msg(1)] });
    update({ messages: [...current().messages, msg(2)] });
    const first = polite.textContent;
    await tick(1000);
    update({ messages: [...current().messages, msg(3)] });
    expect(polite.textContent).not.toBe(first);
    expect(polite).toHaveTextContent("New message from bob");
  });

  it("ignores my own messages, pending ones, and older pages put before", async () => {
    const { polite, update, current } = setup({ messages: [msg(10)] });
    const mine = msg(11, { mine: true, status: "pending", user: { name: "alice" } });
    update({ messages: [...current().messages, mine] });
    update({ messages: [...current().messages.slice(0, -1), { ...mine, status: "confirmed" }] });
    update({ messages: [...range(1, 10).map((n) => msg(n)), ...current().messages], loadingOlder: false });
    await tick(2000);
    expect(polite).toBeEmptyDOMElement();
  });

  it("alerts when the connection is lost and restored, and does not announce the gap-fill", async () => {
    const { polite, update, current } = setup({ messages: [msg(1)] });
    const alert = screen.getByRole("alert");
    update({ status: "reconnecting" });
    expect(alert).toHaveTextContent("Connection lost. Reconnecting…");
    update({ status: "ready", missed: 2, messages: [...current().messages, msg(2), msg(3)] });
    expect(alert).toHaveTextContent("Connection restored.");
    await tick(2000);
    expect(polite).toBeEmptyDOMElement();
  });

  it("alerts once when my send fails", async () => {
    const pending = msg(1, { id: "c-1", clientId: "c-1", mine: true, status: "pending" });
    const { update } = setup({ messages: [pending] });
    const alert = screen.getByRole("alert");
    update({ messages: [{ ...pending, status: "failed" }] });
    expect(alert).toHaveTextContent("Message not sent. Use Retry to send it again.");
    const text = alert.textContent;
    update({ typing: ["bob"] }); // another update: no second alert for the same failure
    expect(alert.textContent).toBe(text);
  });

  it("announce={false} renders no live regions", () => {
    renderStrict(<ChatThread chat={chatOf()} announce={false} />);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(document.querySelector('[aria-live="polite"]')).toBeNull();
  });
});
