// STOMP transactions on the broker under test: both brokers hold a transaction's SENDs until COMMIT,
// drop them on ABORT, and roll back a transaction whose connection drops.
import { TransactionAbortedError } from "stompkit/core";
import { collect, openPair, releaseSessionsAfterEach, sleep, testQueue, waitFor, waitOpen } from "../helpers";
import { target } from "../target";

releaseSessionsAfterEach();

async function setup() {
  const { consumer, producer, q } = await openPair();
  const { messages } = await collect<{ n: number }>(consumer.session, q.subscribe, { headers: q.headers });
  return { consumer, producer, q, messages };
}

const txCommands = (frames: { command: string; dir: string }[]) =>
  frames
    .filter((f) => f.dir === "out")
    .map((f) => f.command)
    .filter((c) => ["BEGIN", "SEND", "COMMIT", "ABORT"].includes(c));

describe(`transactions on ${target.name}`, () => {
  it("delivers both sends only after the COMMIT is confirmed", async () => {
    const { producer, q, messages } = await setup();
    let beforeCommit = -1;
    const result = await producer.session.transaction(async (tx) => {
      tx.send(q.send, { n: 1 });
      tx.send(q.send, { n: 2 });
      await sleep(700); // the broker holds them until COMMIT
      beforeCommit = messages.length;
      return "done";
    });
    expect(result).toBe("done");
    expect(beforeCommit).toBe(0);
    await waitFor(() => messages.length === 2, 5000, "both messages after COMMIT");
    expect(messages.map((m) => m.body.n)).toEqual([1, 2]);
    expect(txCommands(producer.wire.frames)).toEqual(["BEGIN", "SEND", "SEND", "COMMIT"]);
    const tx = producer.wire.of("BEGIN")[0]!.headers.transaction!;
    expect(producer.wire.of("SEND").every((f) => f.headers.transaction === tx)).toBe(true);
    const commit = producer.wire.of("COMMIT")[0]!;
    expect(commit.headers.transaction).toBe(tx);
    expect(producer.wire.of("RECEIPT", "in").map((f) => f.headers["receipt-id"])).toContain(
      commit.headers.receipt,
    );
  });

  it("sends ABORT and delivers nothing when the callback throws", async () => {
    const { producer, q, messages } = await setup();
    const outcome = await producer.session
      .transaction((tx) => {
        tx.send(q.send, { n: 1 });
        tx.send(q.send, { n: 2 });
        throw new Error("validation failed");
      })
      .catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(TransactionAbortedError);
    expect((outcome as TransactionAbortedError).outcomeUnknown).toBe(false);
    expect(txCommands(producer.wire.frames)).toEqual(["BEGIN", "SEND", "SEND", "ABORT"]);
    await producer.session.send(q.send, { n: 3 }, { receipt: true }); // the queue itself works
    await waitFor(() => messages.length >= 1, 5000, "the plain send");
    await sleep(500);
    expect(messages.map((m) => m.body.n)).toEqual([3]);
    expect(producer.session.connection.getState().status).toBe("open");
  });

  it("rejects with TransactionAbortedError and delivers nothing when the connection drops mid-transaction", async () => {
    const { producer, q, messages } = await setup();
    const outcome = await producer.session
      .transaction(async (tx) => {
        tx.send(q.send, { n: 1 });
        producer.session.client.forceDisconnect();
        await waitFor(() => !producer.session.connected, 3000, "the drop");
        tx.send(q.send, { n: 2 }); // throws: the broker already rolled the transaction back
      })
      .catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(TransactionAbortedError);
    expect((outcome as Error).message).toMatch(/connection dropped/);
    expect(producer.wire.count("COMMIT")).toBe(0);
    expect(producer.wire.count("SEND")).toBe(1);
    await waitOpen(producer.session, 10_000, 2);
    await producer.session.send(q.send, { n: 3 }, { receipt: true });
    await waitFor(() => messages.length >= 1, 5000, "the plain send after the reconnect");
    await sleep(500);
    expect(messages.map((m) => m.body.n)).toEqual([3]);
  });

  it("applies an ACK made inside a committed transaction (not redelivered after a reconnect)", async () => {
    const { consumer, producer } = await setup();
    const q2 = testQueue();
    const { handle, messages } = await collect(consumer.session, q2.subscribe, {
      headers: q2.headers,
      ack: "client-individual",
      autoAck: false,
    });
    await producer.session.send(q2.send, "job", { receipt: true, contentType: "text/plain" });
    await waitFor(() => messages.length === 1, 5000, "the delivery");
    await consumer.session.transaction((tx) => tx.ack(messages[0]!));
    expect(consumer.wire.of("ACK")[0]!.headers.transaction).toBe(
      consumer.wire.of("COMMIT")[0]!.headers.transaction,
    );
    consumer.session.reconnect();
    await waitOpen(consumer.session, 10_000, 2);
    await waitFor(() => handle.store.getState().status === "ready", 5000, "re-subscribed");
    await sleep(800);
    expect(messages).toHaveLength(1);
  });
});
