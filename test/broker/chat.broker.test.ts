// The `broker` chat profile between two clients on real RabbitMQ: no StompX server, the clients
// publish the envelope themselves to /topic/chat.{thread} and correlate their own echo.

import { type ChatMessage, type ChatThreadStore, createChatThreadStore } from "stompkit/chat/core";
import type { StompSession } from "stompkit/core";
import { makeSession, releaseSessionsAfterEach, uniqueName, waitFor, waitOpen } from "./helpers";

releaseSessionsAfterEach();

const stores: Array<() => void> = [];
afterEach(() => {
  for (const release of stores.splice(0)) release();
});

function chat(session: StompSession, thread: string, user: string) {
  const store: ChatThreadStore = createChatThreadStore(session, { thread, profile: "broker", user });
  stores.push(store.mount());
  return { store, state: () => store.store.getState() };
}

const view = (messages: readonly ChatMessage[]) =>
  messages.map((m) => [m.body, m.status, m.mine, m.user?.name]);

describe("chat over RabbitMQ (broker profile)", () => {
  it("two clients chat: each message is confirmed once for its sender and shown once to the other", async () => {
    const a = makeSession();
    const b = makeSession();
    await Promise.all([waitOpen(a.session), waitOpen(b.session)]);
    const thread = uniqueName("room");
    const alice = chat(a.session, thread, "alice");
    const bob = chat(b.session, thread, "bob");
    await waitFor(
      () => alice.state().status === "ready" && bob.state().status === "ready",
      10_000,
      "both threads ready",
    );
    const topic = a.wire.of("SUBSCRIBE").find((f) => f.headers.destination === `/topic/chat.${thread}`);
    expect(topic?.headers.receipt).toBeTruthy();

    const sent = await alice.store.send("hello bob 👋\nsecond line");
    expect(sent).toMatchObject({ status: "confirmed", mine: true, id: sent.clientId });
    const frame = a.wire.of("SEND")[0]!;
    expect(frame.headers.destination).toBe(`/topic/chat.${thread}`);
    // RabbitMQ may deliver the echo before the RECEIPT: either order ends confirmed, shown once
    await waitFor(
      () => a.wire.of("RECEIPT", "in").some((f) => f.headers["receipt-id"] === frame.headers.receipt),
      5000,
      "the RECEIPT of the SEND",
    );
    expect(alice.state().messages).toMatchObject([{ status: "confirmed" }]);
    expect(JSON.parse(frame.body)).toMatchObject({
      type: "message.created",
      resource: { id: sent.clientId, receipt: frame.headers.receipt, user: { name: "alice" } },
    });
    await waitFor(() => bob.state().messages.length === 1, 5000, "bob to get alice's message");
    await bob.store.send("hi alice");
    await waitFor(() => alice.state().messages.length === 2, 5000, "alice to get bob's reply");

    expect(view(alice.state().messages)).toEqual([
      ["hello bob 👋\nsecond line", "confirmed", true, "alice"],
      ["hi alice", "confirmed", false, "bob"],
    ]);
    expect(view(bob.state().messages)).toEqual([
      ["hello bob 👋\nsecond line", "confirmed", false, "alice"],
      ["hi alice", "confirmed", true, "bob"],
    ]);
    expect(alice.state().messages.map((m) => m.id)).toEqual(bob.state().messages.map((m) => m.id));
  });

  it("a message sent while reconnecting waits in the outbox and is confirmed once after the reconnect", async () => {
    const a = makeSession();
    const b = makeSession();
    await Promise.all([waitOpen(a.session), waitOpen(b.session)]);
    const thread = uniqueName("room");
    const alice = chat(a.session, thread, "alice");
    const bob = chat(b.session, thread, "bob");
    await waitFor(
      () => alice.state().status === "ready" && bob.state().status === "ready",
      10_000,
      "both threads ready",
    );

    a.session.reconnect(); // drops the socket now and connects again
    const sending = alice.store.send("sent while away");
    expect(alice.state().messages[0]!.status).toBe("pending");
    const confirmed = await sending;
    expect(confirmed.status).toBe("confirmed");
    expect(a.session.connection.getState().connectCount).toBe(2);
    await waitFor(() => bob.state().messages.length === 1, 5000, "bob to get it");
    // alice re-subscribed before the outbox flushed, so her own echo came back and matched once
    expect(view(alice.state().messages)).toEqual([["sent while away", "confirmed", true, "alice"]]);
    expect(view(bob.state().messages)).toEqual([["sent while away", "confirmed", false, "alice"]]);
  });
});
