// ACKs of one task share one WebSocket message (issue 14): the same ACKs, in the same order, each
// honoured by a broker that reads a byte stream (the fake broker, RabbitMQ); one frame per message
// for brokers not known to (ActiveMQ 5), or when the app says `batchAcks: false`.
import type { IStompSocket } from "@stomp/stompjs";
import { StompConfigError } from "stompkit/core";
import { createFakeBroker } from "stompkit/testing";
import { flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

/** A session on a fresh fake broker whose socket records every WebSocket message the client sends. */
async function wired(options: { batchAcks?: boolean } = {}, server?: string) {
  const broker = createFakeBroker(server ? { server } : {});
  const messages: string[] = [];
  const { session, errors } = setup({
    ...options,
    webSocketFactory: () => {
      const socket = broker.webSocketFactory() as IStompSocket;
      const send = socket.send.bind(socket);
      socket.send = (data) => {
        if (typeof data === "string") messages.push(data);
        send(data);
      };
      return socket;
    },
  });
  const release = session.mount();
  await flush();
  return { broker, session, errors, release, messages };
}

/** Messages the broker delivered on its open connections and still waits an ACK for. */
const unacked = (broker: ReturnType<typeof createFakeBroker>) =>
  broker.openConnections().reduce((n, c) => n + c.unacked.size, 0);
const frames = (message: string) => message.split("\0").filter((f) => f.replace(/\n/g, ""));
const acksIn = (messages: string[]) =>
  messages.filter((m) => m.startsWith("ACK\n") || m.startsWith("NACK\n"));

describe("ACKs coalesced per task", () => {
  it("sends the ACKs of messages that arrived together as one WebSocket message, each honoured, in order", async () => {
    const { broker, session, release, messages } = await wired();
    const seen: string[] = [];
    const h = session.subscriptions.subscribe(
      "/queue/jobs",
      { ack: "client-individual", parse: "text" },
      (m) => seen.push(m.raw),
    );
    await flush();
    for (let i = 1; i <= 5; i++) broker.publish("/queue/jobs", `job ${i}`, { "message-id": `m-${i}` });
    await flush();
    expect(seen).toEqual(["job 1", "job 2", "job 3", "job 4", "job 5"]);
    const batches = acksIn(messages);
    expect(batches).toHaveLength(1);
    const acked = frames(batches[0]!).map((f) => /\nid:([^\n]+)/.exec(f)?.[1]);
    const delivered = broker.frames.filter((f) => f.command === "MESSAGE").map((f) => f.headers.ack);
    expect(acked).toEqual(delivered); // same ACKs, same order
    expect(broker.count("ACK")).toBe(5); // the broker parsed every frame of the message
    expect(unacked(broker)).toBe(0);
    h.release(true);
    release();
    await flush();
  });

  it("sends what waits before any other frame: the broker sees stompjs's order", async () => {
    const { broker, session, release, messages } = await wired();
    session.subscriptions.subscribe("/queue/a", { ack: "client-individual", parse: "text" });
    await flush();
    broker.publish("/queue/a", "one");
    broker.publish("/queue/a", "two");
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    // Delivered, ACKs waiting; a SEND in the same task goes out after them.
    session.connection.getState(); // no-op read: the session is open
    const before = messages.length;
    void session.send("/queue/out", "after the acks");
    await flush();
    const after = messages.slice(before);
    const order = after.flatMap(frames).map((f) => f.split("\n")[0]);
    expect(order.indexOf("SEND")).toBeGreaterThan(order.lastIndexOf("ACK"));
    const commands = broker.frames.filter((f) => f.direction === "in").map((f) => f.command);
    expect(commands.slice(-3)).toEqual(["ACK", "ACK", "SEND"]);
    release();
    await flush();
  });

  it("drops waiting ACKs with a socket that closes first: the broker redelivers, nothing is lost", async () => {
    const { broker, session, release } = await wired();
    const seen: string[] = [];
    session.subscriptions.subscribe("/queue/w", { ack: "client-individual", parse: "text" }, (m) =>
      seen.push(m.raw),
    );
    await flush();
    broker.publish("/queue/w", "job", { "message-id": "m-1" });
    // The MESSAGE arrives (microtasks), then the link dies before the task ends.
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    broker.dropAll();
    await vi.advanceTimersByTimeAsync(200); // reconnect (100 ms) and resubscribe
    await flush();
    expect(seen.filter((s) => s === "job").length).toBeGreaterThanOrEqual(1);
    expect(unacked(broker)).toBe(0); // the redelivery, or the first delivery, was acked on a live socket
    release();
    await flush();
  });

  it("sends each ACK alone to a broker not known to read several frames per message (ActiveMQ)", async () => {
    const { broker, session, release, messages } = await wired({}, "ActiveMQ/5.17.6");
    session.subscriptions.subscribe("/queue/jobs", { ack: "client-individual" });
    await flush();
    for (let i = 1; i <= 3; i++) broker.publish("/queue/jobs", "{}");
    await flush();
    const acks = acksIn(messages);
    expect(acks).toHaveLength(3);
    for (const m of acks) expect(frames(m)).toHaveLength(1);
    release();
    await flush();
  });

  it("follows batchAcks when the app decides: false never batches, true batches on any broker", async () => {
    const off = await wired({ batchAcks: false });
    off.session.subscriptions.subscribe("/queue/j", { ack: "client-individual" });
    await flush();
    off.broker.publish("/queue/j", "{}");
    off.broker.publish("/queue/j", "{}");
    await flush();
    expect(acksIn(off.messages)).toHaveLength(2);
    off.release();

    const on = await wired({ batchAcks: true }, "SomeBroker/1");
    on.session.subscriptions.subscribe("/queue/j", { ack: "client-individual" });
    await flush();
    on.broker.publish("/queue/j", "{}");
    on.broker.publish("/queue/j", "{}");
    await flush();
    expect(acksIn(on.messages)).toHaveLength(1);
    expect(on.broker.count("ACK")).toBe(2);
    on.release();
    await flush();
  });

  it.each([["yes"], [1], [null], [Number.NaN]])("refuses batchAcks %s with a typed error", (value) => {
    expect(() => setup({ batchAcks: value as unknown as boolean })).toThrow(StompConfigError);
  });
});
