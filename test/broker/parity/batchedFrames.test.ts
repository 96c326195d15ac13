// Several STOMP frames in one WebSocket message (issue 14, ACKs coalesced per task). STOMP is a byte
// stream, but a Web-STOMP endpoint may read each WebSocket message as exactly one frame. What each
// broker does is data here (target.readsFrameStream) and decides the session's default (`batchAcks`,
// src/core/ackBatch.ts): RabbitMQ reads every frame of a message; ActiveMQ 5 only the first.
import WebSocket from "ws";
import { acceptsBatches } from "../../../src/core/ackBatch";
import {
  collect,
  makeSession,
  openPair,
  releaseSessionsAfterEach,
  sleep,
  testQueue,
  waitFor,
  waitOpen,
} from "../helpers";
import { target } from "../target";

releaseSessionsAfterEach();

/** A bare STOMP client on the broker: sends exactly the WebSocket messages it is given. */
async function rawClient() {
  const ws = new WebSocket(target.url, ["v12.stomp"]);
  const received: string[] = [];
  ws.on("message", (data) => received.push(String(data)));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  ws.send("CONNECT\naccept-version:1.2\nhost:/\nlogin:guest\npasscode:guest\nheart-beat:0,0\n\n\0");
  await waitFor(() => received.some((m) => m.startsWith("CONNECTED")), 5000, "CONNECTED");
  const server = /\nserver:([^\n]*)/.exec(received.find((m) => m.startsWith("CONNECTED"))!)?.[1];
  return { ws, received, server };
}

describe(`several frames in one WebSocket message on ${target.name}`, () => {
  it(
    target.readsFrameStream
      ? "honours every frame of the message: two SENDs, two messages delivered, two RECEIPTs"
      : "reads only the first frame of the message: one SEND delivered, one RECEIPT (so stompkit never batches here)",
    async () => {
      const consumer = makeSession();
      await waitOpen(consumer.session);
      const q = testQueue();
      const { messages } = await collect(consumer.session, q.subscribe, {
        headers: q.headers,
        parse: "text",
      });
      const raw = await rawClient();
      const send = (n: number) =>
        `SEND\ndestination:${q.send}\nreceipt:r-${n}\ncontent-type:text/plain\n\nbatched ${n}\0`;
      raw.ws.send(send(1) + send(2));
      const expected = target.readsFrameStream ? 2 : 1;
      await waitFor(() => messages.length >= expected, 5000, `${expected} deliveries`);
      await sleep(500); // nothing more comes
      expect(messages.map((m) => m.body)).toEqual(["batched 1", "batched 2"].slice(0, expected));
      const receipts = raw.received
        .filter((m) => m.startsWith("RECEIPT"))
        .map((m) => /receipt-id:([^\n]*)/.exec(m)?.[1]);
      expect(receipts).toEqual(["r-1", "r-2"].slice(0, expected));
      // What the session decides from this broker's CONNECTED, by default.
      expect(acceptsBatches(raw.server, undefined)).toBe(target.readsFrameStream);
      raw.ws.close();
    },
  );

  it("a client-individual consumer's ACKs: every message acked once, nothing redelivered to the next consumer", async () => {
    const { consumer, producer, q } = await openPair();
    const { messages } = await collect<{ n: number }>(consumer.session, q.subscribe, {
      headers: q.headers,
      ack: "client-individual",
    });
    const n = 200;
    await Promise.all(
      Array.from({ length: n }, (_, i) => producer.session.send(q.send, { n: i }, { receipt: true })),
    );
    await waitFor(() => messages.length >= n, 10_000, `${n} deliveries`);
    await sleep(300); // the last task's ACKs go out
    const acks = consumer.wire.of("ACK");
    const delivered = consumer.wire.of("MESSAGE", "in").map((f) => f.headers.ack);
    expect(acks.map((f) => f.headers.id)).toEqual(delivered); // each once, in delivery order
    const perMessage = new Map<number, number>();
    for (const f of acks) perMessage.set(f.message, (perMessage.get(f.message) ?? 0) + 1);
    if (target.readsFrameStream)
      expect(perMessage.size).toBeLessThan(acks.length); // some shared a WebSocket message
    else expect([...perMessage.values()].every((count) => count === 1)).toBe(true);
    // The broker took every ACK: a new consumer on the queue gets nothing back.
    await consumer.close(); // DISCONNECT: the ACKs still waiting go out first
    const next = makeSession();
    await waitOpen(next.session);
    const again = await collect(next.session, q.subscribe, { headers: q.headers, ack: "client-individual" });
    await sleep(1000);
    expect(again.messages).toHaveLength(0);
  });
});
