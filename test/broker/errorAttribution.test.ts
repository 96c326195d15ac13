// Issue 6 §3 on the real RabbitMQ: its ERROR frames name no receipt-id, so an ERROR may fail only what it
// unambiguously refused; everything else reconnects, resubscribes and keeps working.
import { SubscriptionError } from "stompkit/core";
import { makeSession, releaseSessionsAfterEach, sleep, uniqueName, waitFor, waitOpen } from "./helpers";

releaseSessionsAfterEach();

describe("ERROR attribution on RabbitMQ", () => {
  it.each(["refused first", "healthy first"])(
    "fails only the refused one of a refused and a healthy subscription pending at the same time (%s)",
    async (order) => {
      const { session, wire, errors } = makeSession();
      const producer = makeSession();
      await Promise.all([waitOpen(session), waitOpen(producer.session)]);
      const good = `/topic/${uniqueName("t")}`;
      const badDestination = `/invalid/${uniqueName("x")}`;
      const got: unknown[] = [];
      const subscribeGood = () => session.subscriptions.subscribe(good, {}, (m) => got.push(m.body));
      const subscribeBad = () => session.subscriptions.subscribe(badDestination, {});
      // Same tick: both SUBSCRIBEs are on the wire, waiting for their RECEIPT, when the ERROR comes back.
      const bad = order === "refused first" ? subscribeBad() : undefined;
      const ok = subscribeGood();
      const handleBad = bad ?? subscribeBad();
      expect(ok.store.getState().status).toBe("pending");
      expect(handleBad.store.getState().status).toBe("pending");

      await waitFor(
        () => handleBad.store.getState().status === "error",
        15_000,
        "the refused subscription in error",
      );
      expect(handleBad.store.getState().error).toBeInstanceOf(SubscriptionError);
      await waitFor(() => isReadyAndOpen(), 15_000, "the healthy subscription ready on an open session");
      function isReadyAndOpen() {
        return ok.store.getState().status === "ready" && session.connection.getState().status === "open";
      }
      expect(wire.of("ERROR", "in").every((f) => f.headers["receipt-id"] === undefined)).toBe(true);
      // The refusal that failed it was unambiguous: its SUBSCRIBE was alone on the wire, or named.
      expect(errors.filter((e) => e instanceof SubscriptionError)).toHaveLength(1);

      await producer.session.send(good, { after: true }, { receipt: true });
      await waitFor(() => got.length === 1, 5000, "a message on the healthy subscription");
      expect(got).toEqual([{ after: true }]);

      const connects = wire.count("CONNECT");
      const badSubscribes = wire
        .of("SUBSCRIBE")
        .filter((f) => f.headers.destination === badDestination).length;
      expect(connects).toBeLessThanOrEqual(3); // one reconnect per ERROR at most
      expect(badSubscribes).toBeLessThanOrEqual(2); // refused, then (if it was ambiguous) refused alone
      await sleep(2000); // and then calm: no reconnect loop, no re-subscription of the refused one
      expect(wire.count("CONNECT")).toBe(connects);
      expect(wire.of("SUBSCRIBE").filter((f) => f.headers.destination === badDestination)).toHaveLength(
        badSubscribes,
      );
      expect(handleBad.store.getState().status).toBe("error");
      expect(ok.store.getState().status).toBe("ready");
      console.log(
        `[errors/${order}] CONNECT ${connects}, refused SUBSCRIBEs ${badSubscribes}, ERROR frames ${wire.count("ERROR", "in")}`,
      );
    },
  );

  it("fails no healthy subscription when an unrelated frame (a SEND without receipt) is refused while they are pending", async () => {
    const { session, wire, errors } = makeSession();
    const producer = makeSession();
    await Promise.all([waitOpen(session), waitOpen(producer.session)]);
    const a = `/topic/${uniqueName("a")}`;
    const b = `/topic/${uniqueName("b")}`;
    const got: unknown[] = [];
    void session.send(`/invalid/${uniqueName("nowhere")}`, "x"); // refused by RabbitMQ: ERROR, no receipt-id
    const subA = session.subscriptions.subscribe(a, {}, (m) => got.push(m.body));
    const subB = session.subscriptions.subscribe(b, {}, (m) => got.push(m.body));

    await waitFor(() => wire.count("ERROR", "in") >= 1, 10_000, "RabbitMQ's ERROR");
    await waitOpen(session, 15_000, 2);
    await waitFor(
      () => subA.store.getState().status === "ready" && subB.store.getState().status === "ready",
      15_000,
      "both subscriptions ready after the reconnect",
    );
    expect(errors.some((e) => e instanceof SubscriptionError)).toBe(false);
    await producer.session.send(a, { to: "a" }, { receipt: true });
    await producer.session.send(b, { to: "b" }, { receipt: true });
    await waitFor(() => got.length === 2, 5000, "a message on each subscription");
    expect(got).toEqual([{ to: "a" }, { to: "b" }]);
    expect(wire.count("CONNECT")).toBe(2);
  });
  // Issue 12 §3: the only outstanding receipt is not proof when a receipt-less frame is on the wire beside it.
  it("does not end the one pending subscription when a receipt-less SEND beside it is refused", async () => {
    const { session, wire, errors } = makeSession();
    const producer = makeSession();
    await Promise.all([waitOpen(session), waitOpen(producer.session)]);
    const good = `/topic/${uniqueName("only")}`;
    const got: unknown[] = [];
    void session.send(`/invalid/${uniqueName("nowhere")}`, "x"); // refused: ERROR without receipt-id
    const sub = session.subscriptions.subscribe(good, {}, (m) => got.push(m.body)); // its RECEIPT: the only one out
    await waitFor(() => wire.count("ERROR", "in") >= 1, 10_000, "RabbitMQ's ERROR");
    expect(wire.of("ERROR", "in")[0]!.headers["receipt-id"]).toBeUndefined();
    await waitOpen(session, 15_000, 2);
    await waitFor(() => sub.store.getState().status === "ready", 15_000, "the subscription ready again");
    expect(errors.some((e) => e instanceof SubscriptionError)).toBe(false);
    await producer.session.send(good, { after: true }, { receipt: true });
    await waitFor(() => got.length === 1, 5000, "a message on the subscription");
    expect(got).toEqual([{ after: true }]);
    await sleep(1000);
    expect(wire.count("CONNECT")).toBe(2); // one reconnect for the ERROR, then calm
    expect(sub.store.getState().status).toBe("ready");
  });
});
