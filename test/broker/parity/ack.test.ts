// ACK modes and NACK on the broker under test. The brokers differ on NACK: RabbitMQ requeues the message
// and delivers it again with `redelivered:true`; ActiveMQ 5 treats NACK as a poison ack and moves the message
// to the dead-letter queue `ActiveMQ.DLQ` (a persistent one; a non-persistent one is dropped) — the
// consumer never sees it again. Both redeliver un-ACKed messages when the consumer's connection drops.
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
} from "../helpers";
import { target } from "../target";

releaseSessionsAfterEach();

const manual = { ack: "client-individual" as const, autoAck: false };

describe(`acknowledgements on ${target.name}`, () => {
  it(
    target.nackRedelivers
      ? "NACK of a client-individual message: delivered again with redelivered:true"
      : "NACK of a client-individual message: not delivered again; the persistent message is in ActiveMQ.DLQ",
    async () => {
      const { consumer, producer, q } = await openPair();
      const { messages } = await collect<{ n: number }>(consumer.session, q.subscribe, {
        headers: q.headers,
        ...manual,
      });
      expect(consumer.wire.of("SUBSCRIBE")[0]!.headers.ack).toBe("client-individual");
      const sent = await producer.session.send(
        q.send,
        { n: 1 },
        { receipt: true, headers: { persistent: "true" } },
      );
      await waitFor(() => messages.length === 1, 5000, "the first delivery");
      expect(messages[0]!.redelivered).toBe(false);

      messages[0]!.nack();
      // ACK/NACK frames go out when the task ends (batched per task where the broker reads a stream).
      await waitFor(() => consumer.wire.of("NACK").length > 0, 2000, "the NACK on the wire");
      expect(consumer.wire.of("NACK").map((f) => f.headers.id)).toEqual([
        consumer.wire.of("MESSAGE", "in")[0]!.headers.ack,
      ]);
      if (target.nackRedelivers) {
        await waitFor(() => messages.length === 2, 5000, "the redelivery");
        expect(messages[1]!.redelivered).toBe(true);
        expect(messages[1]!.headers.redelivered).toBe("true");
        expect(messages[1]!.body).toEqual({ n: 1 });
        messages[1]!.ack();
        await sleep(500);
        expect(messages).toHaveLength(2); // acked: not delivered again
        expect(consumer.wire.of("ACK").map((f) => f.headers.id)).toEqual([
          consumer.wire.of("MESSAGE", "in")[1]!.headers.ack,
        ]);
      } else {
        const dlq = makeSession();
        await waitOpen(dlq.session);
        const dead = await collect(dlq.session, "/queue/ActiveMQ.DLQ", { keep: 1000 });
        await waitFor(
          () => dead.messages.find((m) => m.headers["x-idempotency-key"] === sent.idempotencyKey),
          5000,
          "the NACKed message in ActiveMQ.DLQ",
        );
        const inDlq = dead.messages.find((m) => m.headers["x-idempotency-key"] === sent.idempotencyKey)!;
        expect(inDlq.body).toEqual({ n: 1 });
        expect(inDlq.headers["original-destination"]).toBe(q.subscribe);
        expect(inDlq.headers.destination).toBe("/queue/ActiveMQ.DLQ");
        await sleep(500);
        expect(messages).toHaveLength(1); // the consumer never sees it again
      }
    },
  );

  it("ack:client is cumulative: ACK of message 3 acknowledges 1–3, nothing comes back after a reconnect", async () => {
    const { consumer, producer, q } = await openPair();
    const { handle, messages } = await collect<{ n: number }>(consumer.session, q.subscribe, {
      headers: q.headers,
      ack: "client",
      autoAck: false,
    });
    for (let n = 1; n <= 3; n++) await producer.session.send(q.send, { n }, { receipt: true });
    await waitFor(() => messages.length === 3, 5000, "3 messages");
    const receipt = `ack-${Date.now()}`;
    const processed = consumer.session.receipts.expect(receipt, { timeout: 5000 });
    messages[2]!.ack({ receipt });
    await processed;
    const acks = consumer.wire.of("ACK");
    expect(acks).toHaveLength(1);
    expect(acks[0]!.headers.id).toBe(consumer.wire.of("MESSAGE", "in")[2]!.headers.ack);

    consumer.session.reconnect();
    await waitOpen(consumer.session, 10_000, 2);
    await waitFor(() => handle.store.getState().status === "ready", 5000, "re-subscribed");
    await sleep(1000);
    expect(messages.map((m) => m.body.n)).toEqual([1, 2, 3]);
    expect(consumer.wire.of("SUBSCRIBE")).toHaveLength(2);
  });

  it("an un-ACKed message goes to another consumer, marked redelivered, when the first one's connection drops", async () => {
    const producer = makeSession();
    const first = makeSession({ reconnect: false });
    await Promise.all([waitOpen(producer.session), waitOpen(first.session)]);
    const q = testQueue();
    const opts = { headers: q.headers, ...manual };
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

  it(
    target.nackRedelivers
      ? "a listener that throws (autoAck): NACK, then the redelivery is processed and ACKed"
      : "a listener that throws (autoAck): NACK dead-letters the message; the app sees it once",
    async () => {
      const { consumer, producer, q } = await openPair();
      const { messages } = await collect(
        consumer.session,
        q.subscribe,
        { headers: q.headers, ack: "client-individual", parse: "text" }, // a text body: no ParseError
        (m) => {
          if (!m.redelivered) throw new Error("listener failed on the first delivery");
        },
      );
      await producer.session.send(q.send, "payload", {
        receipt: true,
        contentType: "text/plain",
        headers: { persistent: "true" },
      });
      await waitFor(() => consumer.wire.count("NACK") === 1, 5000, "the NACK");
      expect(consumer.errors.map((e) => e.code)).toEqual(["HANDLER_ERROR"]);
      if (target.nackRedelivers) {
        await waitFor(() => messages.length === 2, 5000, "delivery + redelivery");
        expect(messages.map((m) => m.redelivered)).toEqual([false, true]);
        await waitFor(() => consumer.wire.count("ACK") === 1, 2000, "the ACK of the redelivery");
      } else {
        await sleep(1000);
        expect(messages).toHaveLength(1);
        expect(consumer.wire.count("MESSAGE", "in")).toBe(1);
      }
    },
  );
});
