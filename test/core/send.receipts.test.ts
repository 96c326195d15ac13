import { DuplicateReceiptError, TransactionAbortedError } from "stompkit/core";
import { connected, flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

// issue 6 §2: receipts and sends that cannot hang
describe("receipt ids", () => {
  it("refuses a second send with a pending receipt id at once, sends nothing, and the first still settles", async () => {
    const { broker, session, release } = await connected();
    broker.delayReceipts(500);
    const first = session.send("/app/a", "one", { receipt: "click-1" });
    await flush();
    const second = session.send("/app/a", "two", { receipt: "click-1" });
    await expect(second).rejects.toBeInstanceOf(DuplicateReceiptError);
    await expect(second).rejects.toMatchObject({ code: "DUPLICATE_RECEIPT", receiptId: "click-1" });
    expect(broker.count("SEND")).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    await expect(first).resolves.toMatchObject({ receiptId: "click-1" });
    expect(session.receipts.store.getState().get("click-1")?.status).toBe("received");
    // settled: the id may be used again
    broker.delayReceipts(0);
    await expect(session.send("/app/a", "three", { receipt: "click-1" })).resolves.toMatchObject({
      receiptId: "click-1",
    });
    expect(broker.count("SEND")).toBe(2);
    release();
    await flush();
  });

  it("refuses a duplicate of a receipt id that waits in the outbox, and shows `queued` until it is on the wire", async () => {
    const { broker, session } = setup({ reconnect: { initialDelay: 100 } });
    const release = session.mount();
    broker.refuseConnections();
    await flush();
    broker.delayReceipts(50);
    const first = session.send("/app/a", "one", { receipt: "offline-1" });
    expect(session.receipts.store.getState().get("offline-1")).toEqual({
      status: "queued",
      error: undefined,
    });
    await expect(session.send("/app/a", "two", { receipt: "offline-1" })).rejects.toBeInstanceOf(
      DuplicateReceiptError,
    );
    const auto = session.send("/app/a", "auto", { receipt: true });
    broker.refuseConnections(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(session.connection.getState().status).toBe("open");
    expect(session.receipts.store.getState().get("offline-1")?.status).toBe("pending");
    await vi.advanceTimersByTimeAsync(50);
    await expect(first).resolves.toMatchObject({ receiptId: "offline-1" });
    const { receiptId } = await auto;
    expect(session.receipts.store.getState().get(receiptId!)?.status).toBe("received");
    expect(broker.framesOf("SEND").map((f) => f.body)).toEqual(["one", "auto"]);
    release();
    await flush();
  });

  it.each(["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf", "isPrototypeOf"])(
    "settles a send whose receipt id is %s (no plain-object lookup on the wire path)",
    async (id) => {
      const { broker, session, release } = await connected({ outbox: { receiptTimeout: 5000 } });
      const sent = session.send("/app/a", "x", { receipt: id });
      await flush();
      await expect(sent).resolves.toMatchObject({ receiptId: id });
      expect(session.receipts.store.getState().get(id)?.status).toBe("received");
      // the RECEIPT went through stompjs to the session: the header on the wire is not the bare name
      const wire = broker.framesOf("SEND")[0]?.headers.receipt;
      expect(broker.framesOf("RECEIPT", "out").map((f) => f.headers["receipt-id"])).toContain(wire);
      // and the same id works again once settled
      await expect(session.send("/app/a", "y", { receipt: id })).resolves.toMatchObject({ receiptId: id });
      expect(Object.getPrototypeOf(session.receipts.store.getState())).toBe(Map.prototype);
      release();
      await flush();
    },
  );

  it("resends a `constructor` receipt once after a drop (queued meanwhile), and settles it on the new connection", async () => {
    const { broker, session, release } = await connected();
    broker.swallowReceipts();
    const sent = session.send("/app/a", "x", { receipt: "constructor" });
    await flush();
    expect(session.receipts.store.getState().get("constructor")?.status).toBe("pending");
    broker.swallowReceipts(false);
    broker.dropAll();
    await flush();
    // back in the outbox, waiting for the reconnect
    expect(session.receipts.store.getState().get("constructor")?.status).toBe("queued");
    await vi.advanceTimersByTimeAsync(100);
    await expect(sent).resolves.toMatchObject({ receiptId: "constructor" });
    expect(broker.count("SEND")).toBe(2);
    release();
    await flush();
  });
});

describe("transactions that cannot hang", () => {
  it("rejects a transaction whose callback never settles when the connection drops", async () => {
    const { broker, session, release } = await connected();
    const never = new Promise<void>(() => {});
    const tx = session.transaction(async (t) => {
      t.send("/queue/tx-never", "a");
      await never;
    });
    const outcome = expect(tx).rejects.toBeInstanceOf(TransactionAbortedError);
    await flush();
    expect(broker.count("BEGIN")).toBe(1);
    broker.dropAll();
    await flush();
    await outcome;
    expect(broker.count("COMMIT")).toBe(0);
    release();
    await flush();
  });
});
