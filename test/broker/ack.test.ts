// ACK / NACK against RabbitMQ queues: what gets redelivered, to whom, and with `redelivered: true`.
import { AckFailedError } from "stompkit/core";
import {
  collect,
  makeSession,
  openPair,
  releaseSessionsAfterEach,
  sleep,
  testQueue,
  waitFor,
  waitOpen,
} from "./helpers";

releaseSessionsAfterEach();

const pair = openPair;

describe("acknowledgements on RabbitMQ", () => {
  it("redelivers with redelivered:true when the app NACKs a client-individual message", async () => {
    const { consumer, producer, q } = await pair();
    const { messages } = await collect<{ n: number }>(consumer.session, q.subscribe, {
      headers: q.headers,
      ack: "client-individual",
      autoAck: false,
    });
    expect(consumer.wire.of("SUBSCRIBE")[0]!.headers.ack).toBe("client-individual");
    await producer.session.send(q.send, { n: 1 }, { receipt: true });
    await waitFor(() => messages.length === 1, 5000, "the first delivery");
    expect(messages[0]!.redelivered).toBe(false);

    messages[0]!.nack();
    await waitFor(() => messages.length === 2, 5000, "the redelivery");
    expect(messages[1]!.redelivered).toBe(true);
    expect(messages[1]!.body).toEqual({ n: 1 });
    messages[1]!.ack();
    await sleep(500);
    expect(messages).toHaveLength(2); // acked: not delivered again

    const delivered = consumer.wire.of("MESSAGE", "in");
    expect(consumer.wire.of("NACK").map((f) => f.headers.id)).toEqual([delivered[0]!.headers.ack]);
    expect(consumer.wire.of("ACK").map((f) => f.headers.id)).toEqual([delivered[1]!.headers.ack]);
  });

  it("NACKs and gets the message again when a listener throws with autoAck", async () => {
    const { consumer, producer, q } = await pair();
    const { messages } = await collect(
      consumer.session,
      q.subscribe,
      { headers: q.headers, ack: "client-individual", parse: "text" }, // a text body: no ParseError in onError
      (m) => {
        if (!m.redelivered) throw new Error("listener failed on the first delivery");
      },
    );
    await producer.session.send(q.send, "payload", { receipt: true, contentType: "text/plain" });
    await waitFor(() => messages.length === 2, 5000, "delivery + redelivery");
    expect(messages.map((m) => m.redelivered)).toEqual([false, true]);
    expect(consumer.errors.map((e) => e.code)).toEqual(["HANDLER_ERROR"]);
    expect(consumer.wire.of("NACK")).toHaveLength(1);
    await waitFor(() => consumer.wire.count("ACK") === 1, 2000, "the ACK after the listener returned");
    await sleep(500);
    expect(messages).toHaveLength(2);
  });

  it("redelivers nothing after a reconnect when ack:client ACKed message 3 of 3 (cumulative)", async () => {
    const { consumer, producer, q } = await pair();
    const { handle, messages } = await collect<{ n: number }>(consumer.session, q.subscribe, {
      headers: q.headers,
      ack: "client",
      autoAck: false,
    });
    for (let n = 1; n <= 3; n++) await producer.session.send(q.send, { n }, { receipt: true });
    await waitFor(() => messages.length === 3, 5000, "3 messages");
    expect(messages.map((m) => m.body.n)).toEqual([1, 2, 3]);

    const receipt = `ack-${Date.now()}`;
    const processed = consumer.session.receipts.expect(receipt, { timeout: 5000 });
    messages[2]!.ack({ receipt }); // RabbitMQ answers the ACK's receipt once it has applied it
    await processed;
    const acks = consumer.wire.of("ACK");
    expect(acks).toHaveLength(1);
    expect(acks[0]!.headers.id).toBe(consumer.wire.of("MESSAGE", "in")[2]!.headers.ack);

    consumer.session.reconnect();
    await waitOpen(consumer.session, 10_000, 2);
    await waitFor(() => handle.store.getState().status === "ready", 5000, "re-subscribed");
    await sleep(1000);
    expect(messages).toHaveLength(3);
    expect(consumer.wire.of("SUBSCRIBE")).toHaveLength(2);
  });

  it("redelivers an un-ACKed message to a second consumer when the first one's connection drops", async () => {
    const producer = makeSession();
    const first = makeSession({ reconnect: false });
    await Promise.all([waitOpen(producer.session), waitOpen(first.session)]);
    const q = testQueue();
    const opts = { headers: q.headers, ack: "client-individual" as const, autoAck: false };
    const a = await collect(first.session, q.subscribe, opts);
    const sent = await producer.session.send(q.send, { job: 7 }, { receipt: true });
    await waitFor(() => a.messages.length === 1, 5000, "delivery to the first consumer");

    const second = makeSession();
    await waitOpen(second.session);
    const b = await collect(second.session, q.subscribe, opts);
    await sleep(300);
    expect(b.messages).toHaveLength(0); // held, un-ACKed, by the first consumer

    first.session.client.forceDisconnect();
    await waitFor(
      () => first.session.connection.getState().status === "failed",
      5000,
      "the first consumer down",
    );
    expect(() => a.messages[0]!.ack()).toThrow(AckFailedError);
    await waitFor(() => b.messages.length === 1, 5000, "redelivery to the second consumer");
    expect(b.messages[0]!.redelivered).toBe(true);
    expect(b.messages[0]!.body).toEqual({ job: 7 });
    expect(b.messages[0]!.headers["x-idempotency-key"]).toBe(sent.idempotencyKey);
    expect(first.wire.count("ACK") + first.wire.count("NACK")).toBe(0);
  });
});
