// Round trip with receipts on the broker under test (RabbitMQ in `broker`, ActiveMQ in `broker-activemq`),
// and what an ERROR frame looks like on each: the session settles the right receipt either way.
import { NotDeliveredError, ServerError } from "stompkit/core";
import {
  collect,
  makeSession,
  openPair,
  releaseSessionsAfterEach,
  sleep,
  waitFor,
  waitOpen,
} from "../helpers";
import { target } from "../target";

releaseSessionsAfterEach();

describe(`round trip on ${target.name}`, () => {
  it("connects with STOMP 1.2, names the broker and negotiates the 1 s heart-beats asked for", async () => {
    const { session, wire } = makeSession();
    await waitOpen(session);
    const connected = wire.of("CONNECTED", "in")[0]!;
    expect(connected.headers.version).toBe("1.2");
    expect(connected.headers.server).toMatch(target.server);
    expect(session.connection.getState().connected?.negotiatedHeartbeat).toEqual({
      outgoing: 1000,
      incoming: 1000,
    });
  });

  it("resolves a receipted send on RECEIPT; the consumer gets the body, content-type and idempotency key", async () => {
    const { consumer, producer, q } = await openPair();
    const { messages } = await collect(consumer.session, q.subscribe, { headers: q.headers });
    expect(consumer.wire.of("RECEIPT", "in")).toHaveLength(1); // the SUBSCRIBE's: ready means confirmed

    const result = await producer.session.send(q.send, { hello: target.name, n: [1, 2] }, { receipt: true });
    const sent = producer.wire.of("SEND");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.receipt).toBe(result.receiptId);
    expect(producer.wire.of("RECEIPT", "in").map((f) => f.headers["receipt-id"])).toEqual([result.receiptId]);

    await waitFor(() => messages.length === 1, 5000, "the message at the consumer");
    expect(messages[0]!.body).toEqual({ hello: target.name, n: [1, 2] });
    expect(messages[0]!.headers["content-type"]).toBe("application/json");
    expect(messages[0]!.headers["x-idempotency-key"]).toBe(result.idempotencyKey);
    expect(messages[0]!.headers.destination).toBe(q.subscribe);
  });

  it("delivers 100 receipted sends in order and leaves no wait, timer or queued send behind", async () => {
    const { consumer, producer, q } = await openPair();
    const { messages } = await collect<{ n: number }>(consumer.session, q.subscribe, {
      headers: q.headers,
      keep: 200,
    });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, n) => producer.session.send(q.send, { n }, { receipt: true })),
    );
    expect(new Set(results.map((r) => r.receiptId)).size).toBe(100);
    expect(producer.session.diagnostics().receipts).toEqual({ waits: 0, timers: 0 });
    expect(producer.session.diagnostics().outbox).toEqual({ queued: 0, inflight: 0, timers: 0 });
    await waitFor(() => messages.length === 100, 10_000, "100 messages");
    expect(messages.map((m) => m.body.n)).toEqual(Array.from({ length: 100 }, (_, n) => n));
  });

  // A frame the broker refuses, with a receipt: an ACK for a message id it never delivered. RabbitMQ answers
  // `ERROR message:Invalid header` without `receipt-id`; ActiveMQ answers `message:Unexpected ACK received
  // for message-id [...]` WITH `receipt-id` and a Java stack trace as the body. The session settles that
  // receipt with a ServerError either way (by `receipt-id`, or, without one, by blaming the oldest receipt
  // still outstanding: brokers answer in order).
  it("fails the refused frame's receipt with a ServerError carrying the broker's reason, whatever the ERROR's shape", async () => {
    const { session, wire } = makeSession();
    await waitOpen(session);
    const receipt = `r-refused-${Date.now()}`;
    const settled = session.receipts.expect(receipt, { timeout: 5000 }).then(
      () => "resolved",
      (e: unknown) => e,
    );
    session.client.ack("never-delivered-1", "sub-none", { receipt });
    const error = await settled;
    expect(error).toBeInstanceOf(ServerError);
    const frame = wire.of("ERROR", "in")[0]!;
    if (target.name === "activemq") {
      expect(frame.headers["receipt-id"]).toBe(receipt);
      expect(frame.headers.message).toMatch(/^Unexpected ACK received for message-id/);
      expect(frame.body).toContain("org.apache.activemq.transport.stomp.ProtocolException");
    } else {
      expect(frame.headers["receipt-id"]).toBeUndefined();
      expect(frame.headers.message).toBe("Invalid header");
    }
    expect((error as ServerError).message).toContain(frame.headers.message);
    expect((error as ServerError).message).not.toContain("\tat "); // no stack trace in the message
    expect(session.receipts.store.getState().get(receipt)?.status).toBe("failed");
    // Both brokers keep the socket open after this ERROR; the session still treats an ERROR as the end of
    // the connection (STOMP: "the server SHOULD close the connection") and reconnects once, at once.
    await waitOpen(session, 10_000, 2);
    await sleep(500);
    expect(wire.count("CONNECT")).toBe(2);
    console.log(
      `[${target.name}] ERROR for a refused ACK: headers ${JSON.stringify(frame.headers)}, body ${frame.body.length} chars`,
    );
  });
});

describe(`frame size on ${target.name}`, () => {
  // ActiveMQ's ws transport (Jetty 9) caps one WebSocket text message at 64 KiB by default and closes the
  // socket with 1009 on a bigger frame (raise it on the connector: STOMPKIT_AMQ_WS_QUERY=
  // websocket.maxTextMessageSize=N). The session rejects the send with NotDeliveredError("too-large") and
  // does not resend it into the same wall; it reconnects once. RabbitMQ's Web-STOMP takes it.
  it(
    target.name === "activemq"
      ? "a receipted 100 KB send: the socket is closed with 1009, the send rejected as too large, not resent"
      : "a receipted 100 KB send is confirmed and delivered",
    async () => {
      const { consumer, producer, q } = await openPair();
      const { messages } = await collect<string>(consumer.session, q.subscribe, {
        headers: q.headers,
        parse: "text",
      });
      const body = "x".repeat(100 * 1024);
      const outcome = await producer.session
        .send(q.send, body, { receipt: true, contentType: "text/plain" })
        .then(
          () => "resolved",
          (e: unknown) => e,
        );
      if (target.name === "activemq") {
        expect(outcome).toBeInstanceOf(NotDeliveredError);
        expect((outcome as NotDeliveredError).reason).toBe("too-large");
        expect(producer.wire.count("SEND")).toBe(1);
        expect(producer.wire.closes.map((c) => c.code)).toEqual([1009]);
        await waitOpen(producer.session, 10_000, 2);
        await producer.session.send(q.send, "small", { receipt: true, contentType: "text/plain" });
        await waitFor(() => messages.length === 1, 5000, "a small send after the reconnect");
        await sleep(500);
        expect(messages.map((m) => m.body)).toEqual(["small"]);
      } else {
        expect(outcome).toBe("resolved");
        await waitFor(() => messages.length === 1, 5000, "the 100 KB message");
        expect(messages[0]!.body).toHaveLength(body.length);
        expect(producer.wire.closes).toEqual([]);
      }
    },
  );
});
