// Receipts against RabbitMQ: send() resolves on RECEIPT; refusals end in typed errors, never in a hang.
import { StompkitError, SubscriptionError } from "stompkit/core";
import {
  collect,
  makeSession,
  releaseSessionsAfterEach,
  sleep,
  testQueue,
  uniqueName,
  waitFor,
  waitOpen,
} from "./helpers";

releaseSessionsAfterEach();

describe("receipts on RabbitMQ", () => {
  it("resolves send() when RabbitMQ answers its RECEIPT, with the idempotency key on the wire and at the consumer", async () => {
    const consumer = makeSession();
    const { session, wire } = makeSession();
    await Promise.all([waitOpen(consumer.session), waitOpen(session)]);
    const q = testQueue();
    const { messages } = await collect(consumer.session, q.subscribe, { headers: q.headers });

    const result = await session.send(q.send, { hello: "rabbit" }, { receipt: true });
    expect(result.receiptId).toMatch(/^r-/);
    expect(result.idempotencyKey).toBeTruthy();
    const sent = wire.of("SEND");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.receipt).toBe(result.receiptId);
    expect(sent[0]!.headers["x-idempotency-key"]).toBe(result.idempotencyKey);
    expect(sent[0]!.headers["content-type"]).toBe("application/json");
    expect(wire.of("RECEIPT", "in").map((f) => f.headers["receipt-id"])).toEqual([result.receiptId]);
    expect(session.receipts.store.getState().get(result.receiptId!)).toEqual({
      status: "received",
      error: undefined,
    });

    await waitFor(() => messages.length === 1, 5000, "the message at the consumer");
    expect(messages[0]!.body).toEqual({ hello: "rabbit" });
    expect(messages[0]!.headers["x-idempotency-key"]).toBe(result.idempotencyKey);
  });

  it("resolves a burst of 200 receipted sends and leaves no wait behind", async () => {
    const consumer = makeSession();
    const { session, wire } = makeSession();
    await Promise.all([waitOpen(consumer.session), waitOpen(session)]);
    const q = testQueue();
    const { messages } = await collect<{ n: number }>(consumer.session, q.subscribe, {
      headers: q.headers,
      keep: 500,
    });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, n) => session.send(q.send, { n }, { receipt: true })),
    );
    expect(new Set(results.map((r) => r.receiptId)).size).toBe(200);
    expect(wire.count("RECEIPT", "in")).toBe(200);
    expect(session.diagnostics().receipts).toEqual({ waits: 0, timers: 0 });
    expect(session.diagnostics().outbox).toEqual({ queued: 0, inflight: 0, timers: 0 });
    await waitFor(() => messages.length === 200, 10_000, "200 messages");
    expect(messages.map((m) => m.body.n)).toEqual(Array.from({ length: 200 }, (_, n) => n)); // one queue: in order
  });

  it("rejects a receipted send to a destination RabbitMQ refuses with a typed error instead of hanging", async () => {
    const { session, wire } = makeSession();
    await waitOpen(session);
    const outcome = await session.send("/invalid/nowhere", "x", { receipt: true, timeout: 5000 }).then(
      () => "resolved",
      (error: unknown) => error,
    );
    // RabbitMQ answers "ERROR message:Unknown destination" without a receipt-id and keeps the socket. The
    // session blames the only outstanding receipt (this SEND), so the promise carries the broker's reason,
    // and the refused frame is not resent.
    expect(outcome).toBeInstanceOf(StompkitError);
    expect((outcome as StompkitError).code).toBe("SERVER_ERROR");
    expect((outcome as StompkitError).message).toContain("Unknown destination");
    expect(wire.of("ERROR", "in")[0]!.headers.message).toBe("Unknown destination");
    expect(wire.of("SEND")).toHaveLength(1);
    await waitOpen(session, 10_000);
  });

  // RabbitMQ 3.10's ERROR for a refused SUBSCRIBE names neither receipt nor subscription: the session
  // blames the SUBSCRIBE only when it is unambiguous (see errorAttribution.test.ts).
  it("marks a refused subscription as error while another subscription recovers after the reconnect", async () => {
    const { session, wire, errors } = makeSession();
    const producer = makeSession();
    await Promise.all([waitOpen(session), waitOpen(producer.session)]);
    const good = `/topic/${uniqueName("t")}`;
    const got: unknown[] = [];
    const ok = session.subscriptions.subscribe(good, {}, (m) => got.push(m.body));
    const bad = session.subscriptions.subscribe(`/invalid/${uniqueName("x")}`, {});
    await waitFor(() => bad.store.getState().status === "error", 5000, "the refused subscription in error");
    expect(bad.store.getState().error).toBeInstanceOf(SubscriptionError);
    expect(errors.some((e) => e.code === "SUBSCRIPTION_ERROR")).toBe(true);

    await waitOpen(session, 10_000, 2);
    await waitFor(() => ok.store.getState().status === "ready", 5000, "the other subscription ready again");
    await producer.session.send(good, { after: true }, { receipt: true });
    await waitFor(() => got.length === 1, 5000, "a message on the other subscription");
    await sleep(1500);
    expect(wire.count("CONNECT")).toBe(2); // one reconnect, no storm
    expect(bad.store.getState().status).toBe("error"); // not re-subscribed
  });
});
