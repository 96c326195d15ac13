// Issue 12 §3: an ERROR without receipt-id may blame a frame only when it is the only frame of any kind
// sent since the last one the broker acknowledged; "the only outstanding receipt" is not proof.
import { SubscriptionError } from "stompkit/core";
import { createReceiptLedger, outboundReceipt } from "../../src/core/receiptLedger";
import { connected, flush } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

describe("receipt ledger", () => {
  type Step =
    | ["add", string]
    | ["send", string | undefined]
    | ["heartbeat"]
    | ["receipt", string]
    | ["connected"];
  const run = (steps: Step[]) => {
    const ledger = createReceiptLedger();
    for (const [op, arg] of steps) {
      if (op === "add") ledger.add(arg);
      else if (op === "send") ledger.sent(arg);
      else if (op === "heartbeat") ledger.sent(null);
      else if (op === "receipt") ledger.delete(arg);
      else ledger.connected();
    }
    return ledger.blame(undefined);
  };
  const connect: Step[] = [["send", undefined], ["connected"]]; // CONNECT, then CONNECTED

  it.each<[string, Step[], ReturnType<typeof run>]>([
    [
      "the only frame since CONNECTED carries the receipt",
      [...connect, ["add", "a"], ["send", "a"]],
      ["a", []],
    ],
    ["a receipt tracked after its frame went out", [...connect, ["send", "a"], ["add", "a"]], ["a", []]],
    [
      "heart-beats are not frames",
      [...connect, ["add", "a"], ["send", "a"], ["heartbeat"], ["heartbeat"]],
      ["a", []],
    ],
    [
      "a receipt-less frame went out after it",
      [...connect, ["add", "a"], ["send", "a"], ["send", undefined]],
      [undefined, ["a"]],
    ],
    [
      "a receipt-less frame went out before it, unacknowledged",
      [...connect, ["send", undefined], ["add", "a"], ["send", "a"]],
      [undefined, ["a"]],
    ],
    [
      "a RECEIPT acknowledged the frames before it",
      [
        ...connect,
        ["send", undefined],
        ["add", "b"],
        ["send", "b"],
        ["receipt", "b"],
        ["add", "a"],
        ["send", "a"],
      ],
      ["a", []],
    ],
    [
      "two receipts outstanding",
      [...connect, ["add", "a"], ["send", "a"], ["add", "b"], ["send", "b"]],
      [undefined, ["a", "b"]],
    ],
    [
      "nothing sent since the last acknowledgement",
      [...connect, ["add", "a"], ["send", "a"], ["receipt", "a"]],
      [undefined, []],
    ],
    [
      "re-sent: its latest copy counts",
      [...connect, ["add", "a"], ["send", "a"], ["receipt", "x"], ["send", undefined], ["send", "a"]],
      [undefined, ["a"]],
    ],
  ])("%s", (_label, steps, blamed) => {
    expect(run(steps)).toEqual(blamed);
  });

  it("names the receipt the ERROR names, whatever else went out", () => {
    const ledger = createReceiptLedger();
    ledger.sent("a");
    ledger.sent(undefined);
    expect(ledger.blame("a")).toEqual(["a", []]);
  });

  it("reads the receipt header of outbound frames, text and binary, escaped or not", () => {
    expect(outboundReceipt("SEND\ndestination:/q\nreceipt:r-1\n\nbody\nreceipt:no\0")).toBe("r-1");
    expect(outboundReceipt("SUBSCRIBE\nid:1\ndestination:/q\nreceipt:a\\cb\n\n\0")).toBe("a:b");
    expect(outboundReceipt("ACK\nid:1\n\n\0")).toBeUndefined();
    expect(outboundReceipt("SEND\ndestination:/q\n\nreceipt:in-the-body\0")).toBeUndefined();
    expect(outboundReceipt(new TextEncoder().encode("SEND\nreceipt:r-2\ncontent-length:1\n\n\0\0"))).toBe(
      "r-2",
    );
    expect(outboundReceipt("\n")).toBeNull();
    expect(outboundReceipt("\r\n")).toBeNull();
    expect(outboundReceipt(new Uint8Array([10]))).toBeNull();
  });
});

describe("ERROR without receipt-id on a broker that keeps the socket open (RabbitMQ-like)", () => {
  const rabbitLike = () => connected({}, { errorReceiptIds: false, closeOnError: false });
  const statusOf = (h: { store: { getState(): { status: string } } }) => h.store.getState().status;

  it("does not end a healthy subscription whose RECEIPT is in flight when a receipt-less SEND is refused", async () => {
    const { broker, session, release, errors } = await rabbitLike();
    broker.forbid("/topic/secret");
    broker.delayReceipts(50); // the healthy SUBSCRIBE's RECEIPT is still on its way…
    const ok = session.subscriptions.subscribe("/topic/ok");
    await flush();
    void session.send("/topic/secret", "x").catch(() => {}); // …when this, without receipt, is refused
    await flush();
    expect(broker.framesOf("ERROR", "out")).toHaveLength(1);
    expect(broker.framesOf("ERROR", "out")[0]!.headers["receipt-id"]).toBeUndefined();
    expect(statusOf(ok)).not.toBe("error");
    expect(errors.some((e) => e instanceof SubscriptionError)).toBe(false);

    await vi.advanceTimersByTimeAsync(5_000); // reconnect; the suspect is re-issued alone and confirmed
    expect(statusOf(ok)).toBe("ready");
    expect(broker.framesOf("SUBSCRIBE").filter((f) => f.headers.destination === "/topic/ok")).toHaveLength(2);
    broker.publish("/topic/ok", "1");
    await flush();
    expect(ok.store.getState().count).toBe(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(broker.connectionCount).toBe(2); // one reconnect for the ERROR, then calm
    ok.release(true);
    release();
    await flush();
  });

  it("still fails a refused subscription when its SUBSCRIBE is the only frame since the last acknowledgement", async () => {
    const { broker, session, release, errors } = await rabbitLike();
    broker.forbid("/topic/secret");
    const secret = session.subscriptions.subscribe("/topic/secret");
    await flush();
    expect(statusOf(secret)).toBe("error");
    expect(errors.filter((e) => e instanceof SubscriptionError)).toHaveLength(1);
    secret.release(true);
    release();
    await flush();
  });

  it("treats the receipt as a suspect when an ACK went out after the SUBSCRIBE", async () => {
    const { broker, session, release } = await rabbitLike();
    const acks = session.subscriptions.subscribe("/queue/work", { ack: "client-individual" }, () => {});
    await flush();
    broker.delayReceipts(50);
    const ok = session.subscriptions.subscribe("/topic/ok");
    broker.publish("/queue/work", "job"); // delivered and ACKed after the SUBSCRIBE went out
    await flush();
    expect(broker.count("ACK")).toBe(1);
    broker.sendError("refused something"); // names no receipt
    await flush();
    expect(statusOf(ok)).not.toBe("error");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(statusOf(ok)).toBe("ready");
    expect(statusOf(acks)).toBe("ready");
    ok.release(true);
    acks.release(true);
    release();
    await flush();
  });
});
