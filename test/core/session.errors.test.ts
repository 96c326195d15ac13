import { AuthError, ServerError, SubscriptionError } from "stompkit/core";
import { connected, flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

describe("ERROR frames", () => {
  // case 18
  it("surfaces a rejected CONNECT as AuthError and backs off instead of looping", async () => {
    const { broker, session, errors } = setup(
      { reconnect: { initialDelay: 1000, maxAttempts: 4 } },
      { authenticate: (h) => (h.passcode === "right" ? undefined : "Access refused for user 'guest'") },
    );
    const release = session.mount();
    await flush();
    expect(errors[0]).toBeInstanceOf(AuthError);
    expect((errors[0] as AuthError).code).toBe("AUTH_FAILED");
    expect((errors[0] as AuthError).message).toContain("Access refused");
    await vi.advanceTimersByTimeAsync(50);
    expect(broker.connectionCount).toBe(1); // no hot loop
    await vi.advanceTimersByTimeAsync(60_000);
    expect(broker.connectionCount).toBe(4);
    expect(session.connection.getState().status).toBe("failed");
    expect(errors.every((e) => e instanceof AuthError)).toBe(true);
    release();
    await flush();
  });

  // case 19 (RabbitMQ and Spring keep the socket open after ERROR)
  it("closes the socket itself when the broker sends ERROR mid-session and keeps it open, then reconnects", async () => {
    const { broker, session, errors } = setup({ reconnect: { initialDelay: 200 } }, { closeOnError: false });
    const stompErrors = vi.fn();
    session.on("stompError", stompErrors);
    const release = session.mount();
    await flush();
    broker.sendError("internal error", { close: false });
    await flush();
    expect(stompErrors).toHaveBeenCalledTimes(1);
    expect(errors[0]).toBeInstanceOf(ServerError);
    expect((errors[0] as ServerError).frame.headers.message).toBe("internal error");
    expect(broker.connections[0]?.open).toBe(false);
    expect(session.connection.getState().status).toBe("reconnecting");
    // An ERROR right after CONNECTED does not reset the backoff: the next step's ceiling (400 ms).
    await vi.advanceTimersByTimeAsync(400);
    expect(session.connection.getState().status).toBe("open");
    expect(broker.connectionCount).toBe(2);
    release();
    await flush();
  });

  it("keeps growing the delay when every connection is closed by an ERROR soon after CONNECTED", async () => {
    const { broker, session } = setup({
      clock: { setTimeout, clearTimeout, now: Date.now, random: () => 1 },
      reconnect: { initialDelay: 100, maxDelay: 60_000, minDelay: 10 },
    });
    const release = session.mount();
    const off = session.on("connect", () => queueMicrotask(() => broker.sendError("refused again")));
    await flush();
    const times: number[] = [];
    session.on("connect", () => times.push(Date.now()));
    await vi.advanceTimersByTimeAsync(100 * (2 + 4 + 8 + 16 + 32));
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps).toEqual([200, 400, 800, 1600]); // doubling from initialDelay: the drops never reset it
    off();
    release();
    await flush();
  });

  it("does the same for an ERROR that rejects CONNECT without a close", async () => {
    const { broker, session, errors } = setup(
      { reconnect: { initialDelay: 200, maxAttempts: 2 } },
      { authenticate: () => "Bad CONNECT", closeOnError: false },
    );
    const release = session.mount();
    await flush();
    expect(errors[0]).toBeInstanceOf(AuthError);
    expect(broker.openConnections()).toHaveLength(0);
    release();
    await flush();
  });
});

// Issue 6 §3: RabbitMQ's ERROR names no receipt-id. It may fail only what it unambiguously refused.
describe("ERROR frames without receipt-id (RabbitMQ-like)", () => {
  const rabbitLike = () => connected({}, { errorReceiptIds: false });
  const statusOf = (h: { store: { getState(): { status: string } } }) => h.store.getState().status;

  it("fails only the refused one of a refused and a healthy subscription pending together", async () => {
    const { broker, session, release, errors } = await rabbitLike();
    broker.forbid("/topic/secret");
    broker.delayReceipts(50); // the healthy RECEIPT is still on its way when the ERROR arrives
    const ok = session.subscriptions.subscribe("/topic/ok");
    const secret = session.subscriptions.subscribe("/topic/secret");
    await flush();
    expect(broker.framesOf("ERROR", "out")).toHaveLength(1);
    expect(broker.framesOf("ERROR", "out")[0]!.headers["receipt-id"]).toBeUndefined();
    expect(statusOf(ok)).toBe("pending"); // ambiguous: nobody is blamed…
    expect(statusOf(secret)).toBe("pending");
    expect(errors.some((e) => e instanceof SubscriptionError)).toBe(false);

    await vi.advanceTimersByTimeAsync(5_000); // …both are re-issued alone, one after the other
    expect(statusOf(ok)).toBe("ready");
    expect(statusOf(secret)).toBe("error");
    expect(secret.store.getState().error).toBeInstanceOf(SubscriptionError);
    expect(errors.filter((e) => e instanceof SubscriptionError)).toHaveLength(1);
    // On the probing connection the refused SUBSCRIBE went out only after the healthy one's RECEIPT.
    const second = broker.frames.filter((f) => f.connection === 2);
    const receiptAt = second.findIndex((f) => f.command === "RECEIPT");
    const probeAt = second.findIndex(
      (f) => f.command === "SUBSCRIBE" && f.headers.destination === "/topic/secret",
    );
    expect(receiptAt).toBeGreaterThan(-1);
    expect(probeAt).toBeGreaterThan(receiptAt);

    await vi.advanceTimersByTimeAsync(30_000);
    expect(broker.connectionCount).toBe(3); // one reconnect per ERROR, then calm: no loop
    expect(
      broker.framesOf("SUBSCRIBE").filter((f) => f.headers.destination === "/topic/secret"),
    ).toHaveLength(2);
    broker.publish("/topic/ok", "1");
    await flush();
    expect(ok.store.getState().count).toBe(1);
    ok.release(true);
    secret.release(true);
    release();
    await flush();
  });

  it("keeps a suspect waiting its turn when a listener joins it, and probes it again after a plain drop", async () => {
    const { broker, session, release } = await rabbitLike();
    broker.forbid("/topic/secret");
    broker.delayReceipts(50);
    const ok = session.subscriptions.subscribe("/topic/ok");
    const secret = session.subscriptions.subscribe("/topic/secret");
    await flush(); // ambiguous ERROR: both are suspects
    const secretSubscribes = () =>
      broker.framesOf("SUBSCRIBE").filter((f) => f.headers.destination === "/topic/secret").length;
    for (let i = 0; i < 100 && !(broker.connectionCount === 2 && session.connected); i++)
      await vi.advanceTimersByTimeAsync(10); // the reconnect, to within 10 ms
    expect(session.connected).toBe(true);
    expect(statusOf(ok)).toBe("pending"); // its probe is out, its RECEIPT 50 ms away
    const joined = session.subscriptions.subscribe("/topic/secret"); // must not jump the queue
    await flush();
    expect(secretSubscribes()).toBe(1);
    broker.dropAll(); // a plain drop while probing: nothing is blamed, the probes start over
    await flush();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(statusOf(ok)).toBe("ready");
    expect(statusOf(secret)).toBe("error");
    expect(secretSubscribes()).toBe(2); // once at first, once alone; never beside another receipt
    ok.release(true);
    secret.release(true);
    joined.release(true);
    release();
    await flush();
  });

  it("resends an in-flight receipted send instead of rejecting it, and still fails the refused subscription", async () => {
    const { broker, session, release, errors } = await rabbitLike();
    broker.forbid("/topic/secret");
    broker.delayReceipts(50);
    const sent = session.send("/queue/orders", { n: 1 }, { receipt: true });
    const secret = session.subscriptions.subscribe("/topic/secret");
    await flush();
    expect(broker.framesOf("ERROR", "out")).toHaveLength(1);
    // Not failed by the ambiguous ERROR: back in the outbox, waiting to be resent.
    expect(session.receipts.store.getState().get(broker.framesOf("SEND")[0]!.headers.receipt!)?.status).toBe(
      "queued",
    );

    await vi.advanceTimersByTimeAsync(5_000);
    const result = await sent;
    const sends = broker.framesOf("SEND");
    expect(sends).toHaveLength(2); // resent once, with the same receipt and idempotency key
    expect(sends[1]!.headers.receipt).toBe(result.receiptId);
    expect(sends[1]!.headers["x-idempotency-key"]).toBe(sends[0]!.headers["x-idempotency-key"]);
    expect(session.receipts.store.getState().get(result.receiptId!)?.status).toBe("received");
    expect(statusOf(secret)).toBe("error");
    expect(errors.filter((e) => e instanceof SubscriptionError)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(broker.connectionCount).toBe(3);
    secret.release(true);
    release();
    await flush();
  });

  it("fails nothing on an unrelated ERROR while several receipts are pending; all recover", async () => {
    const { broker, session, release, errors } = await rabbitLike();
    broker.delayReceipts(50);
    const a = session.subscriptions.subscribe("/topic/a");
    const b = session.subscriptions.subscribe("/topic/b");
    const sent = session.send("/topic/a", "x", { receipt: true });
    await flush();
    broker.sendError("connection.force: closed by an operator");
    await flush();
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(sent).resolves.toMatchObject({ receiptId: expect.any(String) });
    expect(statusOf(a)).toBe("ready");
    expect(statusOf(b)).toBe("ready");
    expect(errors.some((e) => e instanceof SubscriptionError)).toBe(false);
    expect(broker.connectionCount).toBe(2);
    a.release(true);
    b.release(true);
    release();
    await flush();
  });
});
