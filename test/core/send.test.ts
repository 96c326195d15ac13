import {
  DisconnectedError,
  InvalidHeaderError,
  NotConnectedError,
  NotDeliveredError,
  OutboxFullError,
  ReceiptTimeoutError,
  TransactionAbortedError,
} from "stompkit/core";
import { connected, flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

/** A broker that, like RabbitMQ 3.10, leaves `receipt-id` out of ERROR frames. */
const connectedRabbitLike = () => connected({}, { errorReceiptIds: false });

describe("send", () => {
  it("sends strings as text and objects as JSON with content-type", async () => {
    const { broker, session, release } = await connected();
    await session.send("/app/a", "plain");
    await session.send("/app/a", { text: "hi", n: [1] });
    await session.send("/app/a", new Uint8Array([1, 2, 3]));
    const sends = broker.framesOf("SEND");
    expect(sends[0]?.body).toBe("plain");
    expect(sends[0]?.headers["content-type"]).toBeUndefined();
    expect(sends[1]?.body).toBe('{"text":"hi","n":[1]}');
    expect(sends[1]?.headers["content-type"]).toBe("application/json");
    expect(sends[2]?.headers["content-type"]).toBe("application/octet-stream");
    expect(sends[2]?.headers["content-length"]).toBe("3");
    release();
    await flush();
  });

  // case 34
  it("resolves on RECEIPT, and rejects with ReceiptTimeoutError when none comes", async () => {
    const { broker, session, release } = await connected({ outbox: { receiptTimeout: 5000 } });
    const result = await session.send("/app/a", "x", { receipt: true });
    expect(result.receiptId).toBe(broker.framesOf("SEND")[0]?.headers.receipt);
    expect(session.receipts.store.getState().get(result.receiptId!)?.status).toBe("received");

    broker.swallowReceipts();
    const pending = session.send("/app/a", "y", { receipt: "my-receipt" });
    const outcome = expect(pending).rejects.toBeInstanceOf(ReceiptTimeoutError);
    await vi.advanceTimersByTimeAsync(5000);
    await outcome;
    expect(session.receipts.store.getState().get("my-receipt")?.status).toBe("timeout");

    const quick = session.send("/app/a", "z", { receipt: true, timeout: 100 }); // per-send timeout
    const quickOutcome = expect(quick).rejects.toMatchObject({ code: "RECEIPT_TIMEOUT", timeoutMs: 100 });
    await vi.advanceTimersByTimeAsync(100);
    await quickOutcome;
    release();
    await flush();
  });

  // case 35
  it("queues sends while disconnected and flushes them in order after the reconnect and the re-subscription", async () => {
    const { broker, session, release } = await connected();
    const sub = session.subscriptions.subscribe("/topic/echo");
    await flush();
    broker.dropAll();
    await flush();
    const sends = [1, 2, 3].map((n) => session.send("/topic/echo", { n }));
    expect(session.outbox.queued).toBe(3);
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(sends);
    const second = broker.frames
      .filter((f) => f.connection === 2 && f.direction === "in")
      .map((f) => f.command);
    expect(second).toEqual(["CONNECT", "SUBSCRIBE", "SEND", "SEND", "SEND"]);
    await flush();
    expect(sub.store.getState().messages.map((m) => (m.body as { n: number }).n)).toEqual([1, 2, 3]);
    sub.release(true);
    release();
    await flush();
  });

  it("queues sends made before the session is mounted (a child effect runs before the provider's)", async () => {
    const { broker, session } = setup();
    const sent = session.send("/app/early", "hi");
    const release = session.mount();
    await flush();
    await sent;
    expect(broker.framesOf("SEND")).toHaveLength(1);
    release();
    await flush();
  });

  // case 36
  it("resends once, with the same idempotency key, a send whose RECEIPT was lost with the socket", async () => {
    const { broker, session, release } = await connected();
    broker.swallowReceipts();
    const pending = session.send("/app/pay", { amount: 5 }, { receipt: true });
    await flush();
    broker.dropAll();
    await flush();
    broker.swallowReceipts(false);
    await vi.advanceTimersByTimeAsync(100);
    const result = await pending;
    const sends = broker.framesOf("SEND");
    expect(sends).toHaveLength(2);
    expect(sends[0]?.headers["x-idempotency-key"]).toBeTruthy();
    expect(sends[1]?.headers["x-idempotency-key"]).toBe(sends[0]?.headers["x-idempotency-key"]);
    expect(sends[1]?.headers.receipt).toBe(sends[0]?.headers.receipt);
    expect(result.idempotencyKey).toBe(sends[0]?.headers["x-idempotency-key"]);
    release();
    await flush();
  });

  it("gives up with NotDeliveredError when the resend loses its RECEIPT too", async () => {
    const { broker, session, release } = await connected();
    broker.swallowReceipts();
    const pending = session.send("/app/pay", "x", { receipt: true });
    const outcome = expect(pending).rejects.toMatchObject({ code: "NOT_DELIVERED", reason: "retried" });
    await flush();
    broker.dropAll();
    await vi.advanceTimersByTimeAsync(100);
    broker.dropAll();
    await vi.advanceTimersByTimeAsync(100);
    await outcome;
    expect(broker.framesOf("SEND")).toHaveLength(2);
    release();
    await flush();
  });

  // case 37
  it("rejects with OutboxFullError at the count or byte bound and keeps what was queued", async () => {
    const { broker, session, release } = await connected({ outbox: { maxMessages: 2, maxBytes: 10 } });
    broker.dropAll();
    await flush();
    const a = session.send("/app/a", "12345");
    await expect(session.send("/app/a", "1234567")).rejects.toMatchObject({
      code: "OUTBOX_FULL",
      limit: "bytes",
    });
    const b = session.send("/app/a", "1");
    await expect(session.send("/app/a", "2")).rejects.toBeInstanceOf(OutboxFullError);
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all([a, b]);
    expect(broker.framesOf("SEND").map((f) => f.body)).toEqual(["12345", "1"]);
    release();
    await flush();
  });

  // case 38
  it("rejects with NotDeliveredError when a queued send outlives its TTL", async () => {
    const { broker, session, release } = await connected({ outbox: { ttl: 1000 } });
    broker.refuseConnections();
    broker.dropAll();
    await flush();
    const expired = session.send("/app/a", "old");
    const outcome = expect(expired).rejects.toMatchObject({ code: "NOT_DELIVERED", reason: "expired" });
    await vi.advanceTimersByTimeAsync(999);
    expect(session.outbox.queued).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await outcome;
    expect(session.outbox.queued).toBe(0);
    release();
    await flush();
  });

  it("rejects queued and unconfirmed sends with NotDeliveredError when the session fails", async () => {
    const { broker, session, release } = await connected({
      outbox: { ttl: 60_000 },
      reconnect: { initialDelay: 5000, minDelay: 5000, maxAttempts: 2 },
    });
    broker.refuseConnections();
    broker.dropAll();
    await flush();
    const queued = session.send("/app/a", "x", { receipt: true });
    const outcome = expect(queued).rejects.toMatchObject({ code: "NOT_DELIVERED", reason: "failed" });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(session.connection.getState().status).toBe("failed");
    await outcome;
    await expect(session.send("/app/a", "late")).rejects.toBeInstanceOf(NotDeliveredError);
    release();
    await flush();
  });

  it("rejects queued sends when the session closes", async () => {
    const { broker, session, release } = await connected();
    broker.refuseConnections();
    broker.dropAll();
    await flush();
    const queued = session.send("/app/a", "x");
    const outcome = expect(queued).rejects.toMatchObject({ code: "NOT_DELIVERED", reason: "closed" });
    release();
    await flush();
    await outcome;
  });

  it("rejects a refused receipted send with the broker's ERROR, even when the ERROR names no receipt", async () => {
    const { broker, session, release } = await connectedRabbitLike();
    broker.forbid("/app/nope");
    const refused = session.send("/app/nope", "x", { receipt: true });
    await expect(refused).rejects.toMatchObject({
      code: "SERVER_ERROR",
      message: expect.stringContaining("Access refused"),
    });
    expect(broker.framesOf("SEND")).toHaveLength(1); // not resent
    release();
    await flush();
  });

  // case 40
  it("rejects a receipt wait with DisconnectedError when the socket drops, never hangs", async () => {
    const { broker, session, release } = await connected();
    broker.swallowReceipts();
    const id = session.receipts.nextId();
    const wait = session.receipts.expect(id, { timeout: 0 });
    const outcome = expect(wait).rejects.toBeInstanceOf(DisconnectedError);
    broker.dropAll();
    await flush();
    await outcome;
    expect(session.receipts.store.getState().get(id)?.status).toBe("failed");
    expect(session.receipts.diagnostics()).toEqual({ waits: 0, timers: 0 });
    release();
    await flush();
  });

  // case 72
  it("refuses header names and values that could inject headers or frames, and sends nothing", async () => {
    const { broker, session, release } = await connected();
    await expect(
      session.send("/app/a", "x", { headers: { "x-a": "1\nreceipt:evil" } }),
    ).rejects.toBeInstanceOf(InvalidHeaderError);
    await expect(session.send("/app/a", "x", { headers: { "x\r\n\nSEND": "1" } })).rejects.toBeInstanceOf(
      InvalidHeaderError,
    );
    await expect(session.send("/app/a", "x", { headers: { "a:b": "1" } })).rejects.toBeInstanceOf(
      InvalidHeaderError,
    );
    await expect(session.send("/app/a", "x", { headers: { x: "nul\0" } })).rejects.toBeInstanceOf(
      InvalidHeaderError,
    );
    expect(broker.framesOf("SEND")).toHaveLength(0);
    await session.send("/app/a", "x", { headers: { "x-url": "https://example.com:8080/a" } });
    expect(broker.framesOf("SEND")[0]?.headers["x-url"]).toBe("https://example.com:8080/a");
    release();
    await flush();
  });

  // case 61
  it("flushes 5,000 offline sends in order, in paced batches, within the byte cap", async () => {
    // The bodies "0"…"4999" are 10×1 + 90×2 + 900×3 + 4000×4 = 18,890 bytes: the cap is exactly that.
    const cap = 18_890;
    const { broker, session, release } = await connected({
      outbox: { maxMessages: 10_000, maxBytes: cap },
    });
    broker.dropAll();
    await flush();
    const sends = Array.from({ length: 5000 }, (_, i) => session.send("/app/bulk", String(i)));
    expect(session.outbox.queuedBytes).toBe(cap);
    await expect(session.send("/app/bulk", "x")).rejects.toMatchObject({
      code: "OUTBOX_FULL",
      limit: "bytes",
    });
    expect(session.outbox.queued).toBe(5000);
    await vi.advanceTimersByTimeAsync(100); // reconnect: the first batch goes out in this task
    expect(broker.framesOf("SEND").length).toBe(100);
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(sends);
    const bodies = broker.framesOf("SEND").map((f) => Number(f.body));
    expect(bodies).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    release();
    await flush();
  });
});

describe("transactions", () => {
  it("delivers the sends of a transaction on COMMIT, confirmed by RECEIPT", async () => {
    const { broker, session, release } = await connected();
    const sub = session.subscriptions.subscribe("/topic/tx");
    await flush();
    const result = await session.transaction((tx) => {
      tx.send("/topic/tx", "a");
      tx.send("/topic/tx", "b");
      return "done";
    });
    expect(result).toBe("done");
    await flush();
    expect(sub.store.getState().messages.map((m) => m.raw)).toEqual(["a", "b"]);
    expect(broker.frames.filter((f) => f.direction === "in").map((f) => f.command)).toContain("COMMIT");
    expect(broker.framesOf("COMMIT")[0]?.headers.receipt).toBeTruthy();
    sub.release(true);
    release();
    await flush();
  });

  it("aborts when the callback throws, and nothing is delivered", async () => {
    const { broker, session, release } = await connected();
    const sub = session.subscriptions.subscribe("/topic/tx");
    await flush();
    await expect(
      session.transaction((tx) => {
        tx.send("/topic/tx", "a");
        throw new Error("validation failed");
      }),
    ).rejects.toBeInstanceOf(TransactionAbortedError);
    await flush();
    expect(broker.count("ABORT")).toBe(1);
    expect(sub.store.getState().count).toBe(0);
    sub.release(true);
    release();
    await flush();
  });

  // case 44
  it("rejects as aborted when the connection drops, and never re-commits on the new connection", async () => {
    const { broker, session, release } = await connected();
    let resume!: () => void;
    const gate = new Promise<void>((r) => {
      resume = r;
    });
    const tx = session.transaction(async (t) => {
      t.send("/topic/tx", "a");
      await gate;
      t.send("/topic/tx", "b");
    });
    const outcome = expect(tx).rejects.toMatchObject({ code: "TRANSACTION_ABORTED", outcomeUnknown: false });
    await flush();
    broker.dropAll();
    await vi.advanceTimersByTimeAsync(100);
    resume();
    await outcome;
    await vi.advanceTimersByTimeAsync(1000);
    expect(broker.count("COMMIT")).toBe(0);
    expect(broker.frames.filter((f) => f.connection === 2 && f.command === "SEND")).toHaveLength(0);
    release();
    await flush();
  });

  it("reports outcome unknown when COMMIT was sent but the RECEIPT was lost", async () => {
    const { broker, session, release } = await connected();
    broker.swallowReceipts();
    const tx = session.transaction((t) => t.send("/topic/tx", "a"));
    const outcome = expect(tx).rejects.toMatchObject({ outcomeUnknown: true });
    await flush();
    broker.dropAll();
    await flush();
    await outcome;
    release();
    await flush();
  });

  it("refuses to start without a connection", async () => {
    const { session } = setup();
    await expect(session.transaction(() => {})).rejects.toBeInstanceOf(NotConnectedError);
  });
});
