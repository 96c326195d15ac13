// Ref-counted subscriptions against RabbitMQ: one SUBSCRIBE per key on the wire, fan-out to every listener,
// UNSUBSCRIBE once after the grace period, receipts driving pending → ready, re-subscribe after a reconnect.
import type { StompMessage } from "stompkit/core";
import { makeSession, releaseSessionsAfterEach, sleep, uniqueName, waitFor, waitOpen } from "./helpers";

releaseSessionsAfterEach();

const topic = () => `/topic/${uniqueName("t")}`;

describe("ref-counted subscriptions on RabbitMQ", () => {
  it("delivers each message once to both listeners over one SUBSCRIBE when two subscribe to one destination", async () => {
    const { session, wire } = makeSession({ unsubscribeDelay: 300 });
    const producer = makeSession();
    await Promise.all([waitOpen(session), waitOpen(producer.session)]);
    const dest = topic();
    const a: StompMessage<{ n: number }>[] = [];
    const b: StompMessage<{ n: number }>[] = [];
    const h1 = session.subscriptions.subscribe<{ n: number }>(dest, {}, (m) => a.push(m));
    const h2 = session.subscriptions.subscribe<{ n: number }>(dest, {}, (m) => b.push(m));
    expect(h2.key).toBe(h1.key);
    expect(h2.store).toBe(h1.store);
    await waitFor(() => h1.store.getState().status === "ready", 5000, "ready");

    for (let n = 0; n < 5; n++) await producer.session.send(dest, { n }, { receipt: true });
    await waitFor(() => a.length >= 5 && b.length >= 5, 5000, "5 messages on both listeners");
    await sleep(300); // nothing more trickles in
    expect(a.map((m) => m.body.n)).toEqual([0, 1, 2, 3, 4]);
    expect(b.map((m) => m.body.n)).toEqual([0, 1, 2, 3, 4]);
    expect(a.map((m) => m.id)).toEqual(b.map((m) => m.id)); // the same frames, not two subscriptions
    expect(h1.store.getState().count).toBe(5);
    expect(h1.store.getState().messages.map((m) => m.body.n)).toEqual([0, 1, 2, 3, 4]);

    const subscribes = wire.of("SUBSCRIBE").filter((f) => f.headers.destination === dest);
    expect(subscribes).toHaveLength(1);
    expect(wire.of("MESSAGE", "in").every((f) => f.headers.subscription === subscribes[0]!.headers.id)).toBe(
      true,
    );

    h1.release();
    h2.release();
    const releasedAt = Date.now();
    await waitFor(() => wire.count("UNSUBSCRIBE") === 1, 3000, "UNSUBSCRIBE after the grace");
    // The wire's clock: UNSUBSCRIBE left only once the 300 ms grace had run (a few ms of timer slack).
    const unsubscribe = wire.of("UNSUBSCRIBE")[0]!;
    expect(unsubscribe.at - releasedAt).toBeGreaterThanOrEqual(295);
    expect(unsubscribe.at - releasedAt).toBeLessThan(300 + 1000);
    expect(unsubscribe.headers.id).toBe(subscribes[0]!.headers.id);
    expect(session.subscriptions.state(h1.key)).toBeUndefined();

    await producer.session.send(dest, { n: 99 }, { receipt: true });
    await sleep(300);
    expect(a).toHaveLength(5);
    expect(wire.count("UNSUBSCRIBE")).toBe(1);
  });

  it("reuses the SUBSCRIBE when a listener re-subscribes within the grace period", async () => {
    const { session, wire } = makeSession({ unsubscribeDelay: 500 });
    const producer = makeSession();
    await Promise.all([waitOpen(session), waitOpen(producer.session)]);
    const dest = topic();
    const first = session.subscriptions.subscribe(dest, {});
    await waitFor(() => first.store.getState().status === "ready", 5000, "ready");
    first.release();
    const releasedAt = Date.now();
    await sleep(100);
    const second = session.subscriptions.subscribe(dest, {});
    const resubscribedAt = Date.now();
    expect(second.store.getState().status).toBe("ready");
    await sleep(600); // hold past the end of the first release's grace
    await producer.session.send(dest, "still here", { receipt: true });
    const message = await waitFor(() => wire.of("MESSAGE", "in")[0], 5000, "the message after the grace");
    second.release(true);
    const subscribe = wire.of("SUBSCRIBE");
    const unsubscribes = wire.of("UNSUBSCRIBE");
    // Timestamps from the wire: the re-subscribe came within the grace, the old subscription still delivered
    // after the grace had run, and the only UNSUBSCRIBE is the `immediate` one, sent after that message.
    expect(resubscribedAt - releasedAt).toBeLessThan(500);
    expect(subscribe).toHaveLength(1);
    expect(message.headers.subscription).toBe(subscribe[0]!.headers.id);
    expect(message.at - releasedAt).toBeGreaterThan(500);
    expect(unsubscribes).toHaveLength(1);
    expect(unsubscribes[0]!.at).toBeGreaterThanOrEqual(message.at);
  });

  it("goes pending → ready when RabbitMQ answers the SUBSCRIBE receipt", async () => {
    const { session, wire } = makeSession();
    await waitOpen(session);
    const statuses: string[] = [];
    const dest = topic();
    const handle = session.subscriptions.subscribe(dest, { receipt: true });
    statuses.push(handle.store.getState().status);
    const unsubscribe = handle.store.subscribe((s) => statuses.push(s.status));
    await waitFor(() => handle.store.getState().status === "ready", 5000, "ready");
    unsubscribe();
    expect(statuses).toEqual(["pending", "ready"]);

    const sub = wire.of("SUBSCRIBE").find((f) => f.headers.destination === dest)!;
    expect(sub.headers.receipt).toBeTruthy();
    const receipt = wire.of("RECEIPT", "in").find((f) => f.headers["receipt-id"] === sub.headers.receipt);
    expect(receipt).toBeDefined();
    expect(receipt!.at).toBeGreaterThanOrEqual(sub.at);
  });

  it("is ready at once without a SUBSCRIBE receipt when receipt is false", async () => {
    const { session, wire } = makeSession();
    await waitOpen(session);
    const handle = session.subscriptions.subscribe(topic(), { receipt: false });
    expect(handle.store.getState().status).toBe("ready");
    expect(wire.of("SUBSCRIBE")[0]!.headers.receipt).toBeUndefined();
  });

  it("re-subscribes once and receives again when the connection is re-established", async () => {
    const { session, wire } = makeSession();
    const producer = makeSession();
    await Promise.all([waitOpen(session), waitOpen(producer.session)]);
    const dest = topic();
    const got: number[] = [];
    const handle = session.subscriptions.subscribe<{ n: number }>(dest, {}, (m) => got.push(m.body.n));
    await waitFor(() => handle.store.getState().status === "ready", 5000, "ready");

    session.client.forceDisconnect();
    await waitFor(() => handle.store.getState().status === "pending", 3000, "pending after the drop");
    await waitOpen(session, 10_000, 2);
    await waitFor(() => handle.store.getState().status === "ready", 5000, "ready again");
    const subscribes = wire.of("SUBSCRIBE");
    expect(subscribes).toHaveLength(2);
    expect(new Set(subscribes.map((f) => f.socket)).size).toBe(2);
    expect(subscribes[1]!.headers.id).toBe(subscribes[0]!.headers.id);

    await producer.session.send(dest, { n: 1 }, { receipt: true });
    await waitFor(() => got.length === 1, 5000, "the message after the reconnect");
    expect(got).toEqual([1]);
  });
});
