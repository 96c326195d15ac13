// issue 6 §2: receipt ids that are Object.prototype names, and a duplicate id, against RabbitMQ.
import { DuplicateReceiptError } from "stompkit/core";
import { makeSession, releaseSessionsAfterEach, testQueue, waitOpen } from "./helpers";

releaseSessionsAfterEach();

describe("receipt ids on RabbitMQ", () => {
  it("settles sends whose receipt ids are constructor, toString, __proto__ and hasOwnProperty", async () => {
    const { session, wire } = makeSession();
    await waitOpen(session);
    const q = testQueue();
    for (const id of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      const result = await session.send(q.send, { id }, { receipt: id, timeout: 5000 });
      expect(result.receiptId).toBe(id);
      expect(session.receipts.store.getState().get(id)?.status).toBe("received");
    }
    const onWire = wire.of("SEND").map((f) => f.headers.receipt);
    expect(onWire).toHaveLength(4);
    expect(wire.of("RECEIPT", "in").map((f) => f.headers["receipt-id"])).toEqual(onWire);
  });

  it("refuses a second send with a pending receipt id; the first is confirmed by RabbitMQ", async () => {
    const { session, wire } = makeSession();
    await waitOpen(session);
    const q = testQueue();
    const first = session.send(q.send, "one", { receipt: "dup-1", timeout: 5000 });
    await expect(session.send(q.send, "two", { receipt: "dup-1" })).rejects.toBeInstanceOf(
      DuplicateReceiptError,
    );
    await expect(first).resolves.toMatchObject({ receiptId: "dup-1" });
    expect(wire.of("SEND")).toHaveLength(1);
  });
});
