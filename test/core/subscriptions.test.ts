import {
  AckFailedError,
  HandlerError,
  InvalidHeaderError,
  SubscriptionError,
  safeJsonParse,
} from "stompkit/core";
import { acksSent, connected, flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

describe("subscription registry", () => {
  // case 48
  it("sends one SUBSCRIBE for N listeners on one key, and UNSUBSCRIBE after the last leaves", async () => {
    const { broker, session, release } = await connected();
    const got: string[][] = [[], [], []];
    const handles = got.map((list) =>
      session.subscriptions.subscribe("/topic/a", {}, (m) => list.push(m.raw)),
    );
    await flush();
    expect(broker.count("SUBSCRIBE")).toBe(1);
    broker.publish("/topic/a", '{"n":1}');
    await flush();
    expect(got).toEqual([['{"n":1}'], ['{"n":1}'], ['{"n":1}']]);
    handles[0]!.release();
    handles[1]!.release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(broker.count("UNSUBSCRIBE")).toBe(0);
    handles[2]!.release();
    await vi.advanceTimersByTimeAsync(99);
    expect(broker.count("UNSUBSCRIBE")).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(broker.count("UNSUBSCRIBE")).toBe(1);
    expect(broker.subscriptionCount()).toBe(0);
    expect(session.subscriptions.diagnostics()).toEqual({ entries: 0, listeners: 0, timers: 0 });
    release();
    await flush();
  });

  it("keys by destination and normalised headers, so header order does not matter", async () => {
    const { broker, session, release } = await connected();
    const a = session.subscriptions.subscribe("/queue/q", { headers: { x: "1", y: "2" } });
    const b = session.subscriptions.subscribe("/queue/q", { headers: { y: "2", x: "1" } });
    const c = session.subscriptions.subscribe("/queue/q", { headers: { x: "other" } });
    await flush();
    expect(a.key).toBe(b.key);
    expect(a.key).not.toBe(c.key);
    expect(broker.count("SUBSCRIBE")).toBe(2);
    for (const h of [a, b, c]) h.release(true);
    release();
    await flush();
  });

  it("re-uses the live subscription when a listener comes back within the grace period", async () => {
    const { broker, session, release } = await connected();
    const h1 = session.subscriptions.subscribe("/topic/a");
    h1.release();
    await vi.advanceTimersByTimeAsync(50);
    const h2 = session.subscriptions.subscribe("/topic/a");
    await vi.advanceTimersByTimeAsync(1000);
    expect(broker.count("SUBSCRIBE")).toBe(1);
    expect(broker.count("UNSUBSCRIBE")).toBe(0);
    h2.release(true);
    expect(broker.count("UNSUBSCRIBE")).toBe(1);
    release();
    await flush();
  });

  // case 52 (ng2-stompjs #75)
  it("re-issues every live key once after a reconnect and does not resurrect released ones", async () => {
    const { broker, session, release } = await connected();
    const live = [session.subscriptions.subscribe("/topic/a"), session.subscriptions.subscribe("/topic/b")];
    const gone = session.subscriptions.subscribe("/topic/c");
    await flush();
    broker.dropAll();
    await flush();
    gone.release(); // released during the outage
    await vi.advanceTimersByTimeAsync(100);
    expect(session.connection.getState().status).toBe("open");
    const second = broker.framesOf("SUBSCRIBE").filter((f) => f.connection === 2);
    expect(second.map((f) => f.headers.destination).sort()).toEqual(["/topic/a", "/topic/b"]);
    expect(broker.subscriptionCount()).toBe(2);
    broker.publish("/topic/a", "1");
    await flush();
    expect(live[0]!.store.getState().count).toBe(1);
    expect(live[0]!.store.getState().status).toBe("ready");
    for (const h of live) h.release(true);
    release();
    await flush();
  });

  // case 53
  it("unsubscribes locally while disconnected and sends nothing for it on the next connection", async () => {
    const { broker, session, release } = await connected();
    const h = session.subscriptions.subscribe("/topic/a");
    await flush();
    broker.dropAll();
    await flush();
    expect(() => h.release(true)).not.toThrow();
    await vi.advanceTimersByTimeAsync(100);
    expect(broker.count("UNSUBSCRIBE")).toBe(0);
    expect(broker.framesOf("SUBSCRIBE").filter((f) => f.connection === 2)).toHaveLength(0);
    release();
    await flush();
  });

  it("keeps the intent until connected, then subscribes", async () => {
    const { broker, session } = setup();
    const h = session.subscriptions.subscribe("/topic/early");
    expect(h.store.getState().status).toBe("pending");
    const release = session.mount();
    await flush();
    expect(broker.count("SUBSCRIBE")).toBe(1);
    expect(h.store.getState().status).toBe("ready");
    h.release(true);
    release();
    await flush();
  });

  it("is pending until the RECEIPT to SUBSCRIBE, then ready; without receipts ready at once", async () => {
    const { broker, session, release } = await connected();
    broker.delayReceipts(500);
    const withReceipt = session.subscriptions.subscribe("/topic/r");
    const without = session.subscriptions.subscribe("/topic/n", { receipt: false });
    expect(withReceipt.store.getState().status).toBe("pending");
    expect(without.store.getState().status).toBe("ready");
    expect(broker.framesOf("SUBSCRIBE")[0]?.headers.receipt).toBeTruthy();
    await vi.advanceTimersByTimeAsync(500);
    expect(withReceipt.store.getState().status).toBe("ready");
    withReceipt.release(true);
    without.release(true);
    release();
    await flush();
  });

  it("blames the only SUBSCRIBE still waiting for its RECEIPT when the ERROR names none (RabbitMQ)", async () => {
    const { broker, session, release } = await connected();
    const ok = session.subscriptions.subscribe("/topic/ok");
    await flush();
    broker.swallowReceipts(); // the broker refuses the next SUBSCRIBE without naming it
    const bad = session.subscriptions.subscribe("/invalid/x");
    await flush();
    broker.sendError("Unknown destination");
    await flush();
    expect(bad.store.getState().status).toBe("error");
    expect(ok.store.getState().status).toBe("pending");
    broker.swallowReceipts(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ok.store.getState().status).toBe("ready");
    expect(broker.framesOf("SUBSCRIBE").filter((f) => f.headers.destination === "/invalid/x")).toHaveLength(
      1,
    );
    expect(broker.connectionCount).toBe(2); // no reconnect loop
    ok.release(true);
    bad.release(true);
    release();
    await flush();
  });

  // case 54
  it("maps an ERROR to the subscription it names; the others recover after the forced reconnect", async () => {
    const { broker, session, release, errors } = await connected();
    broker.forbid("/topic/secret");
    const ok = session.subscriptions.subscribe("/topic/ok");
    const secret = session.subscriptions.subscribe("/topic/secret");
    await flush();
    expect(secret.store.getState().status).toBe("error");
    expect(secret.store.getState().error).toBeInstanceOf(SubscriptionError);
    expect(ok.store.getState().status).toBe("pending"); // the broker closed the connection
    expect(errors.some((e) => e instanceof SubscriptionError)).toBe(true);
    await vi.advanceTimersByTimeAsync(200);
    expect(ok.store.getState().status).toBe("ready");
    expect(secret.store.getState().status).toBe("error"); // not retried in a loop
    await vi.advanceTimersByTimeAsync(10_000);
    expect(broker.connectionCount).toBe(2);
    ok.release(true);
    secret.release(true);
    release();
    await flush();
  });

  // case 57
  it("keeps delivering to other listeners when one throws, and reports the error", async () => {
    const { broker, session, release, errors } = await connected();
    const seen: number[] = [];
    const a = session.subscriptions.subscribe("/topic/a", {}, () => {
      throw new Error("boom");
    });
    const b = session.subscriptions.subscribe("/topic/a", {}, (m) => seen.push(m.body as number));
    await flush();
    broker.publish("/topic/a", "1");
    broker.publish("/topic/a", "2");
    await flush();
    expect(seen).toEqual([1, 2]);
    const handlerErrors = errors.filter((e) => (e as { code?: string }).code === "HANDLER_ERROR");
    expect(handlerErrors).toHaveLength(2);
    for (const e of handlerErrors) expect(e).toBeInstanceOf(HandlerError);
    expect(b.store.getState().count).toBe(2);
    a.release(true);
    b.release(true);
    release();
    await flush();
  });
});

describe("message buffer", () => {
  it("keeps the last `keep` messages and counts them all", async () => {
    const { broker, session, release } = await connected();
    const h = session.subscriptions.subscribe<number>("/topic/n", { keep: 3 });
    await flush();
    for (let i = 1; i <= 10; i++) broker.publish("/topic/n", String(i));
    await flush();
    const s = h.store.getState();
    expect(s.messages.map((m) => m.body)).toEqual([8, 9, 10]);
    expect(s.last?.body).toBe(10);
    expect(s.count).toBe(10);
    h.release(true);
    release();
    await flush();
  });

  it("notifies once for a burst that arrives in one task", async () => {
    const { broker, session, release } = await connected();
    const h = session.subscriptions.subscribe("/topic/burst", { keep: Number.POSITIVE_INFINITY });
    await flush();
    const notify = vi.fn();
    h.store.subscribe(notify);
    const frames = Array.from(
      { length: 50 },
      (_, i) =>
        `MESSAGE\nsubscription:${broker.framesOf("SUBSCRIBE")[0]!.headers.id}\nmessage-id:${i}\ndestination:/topic/burst\n\n${i}\0`,
    );
    broker.injectRaw(frames.join("")); // 50 frames in one WebSocket message
    await flush();
    expect(notify).toHaveBeenCalledTimes(1);
    expect(h.store.getState().count).toBe(50);
    const before = h.store.getState();
    await flush();
    expect(h.store.getState()).toBe(before); // the snapshot is stable until a message arrives
    h.release(true);
    release();
    await flush();
  });

  it("keeps an Infinity buffer without copying per message", async () => {
    const { broker, session, release } = await connected();
    const h = session.subscriptions.subscribe("/topic/all", { keep: Number.POSITIVE_INFINITY });
    await flush();
    const arrays = new Set<unknown>(); // every `messages` array the store ever published
    h.store.subscribe((s) => arrays.add(s.messages));
    for (let i = 0; i < 5000; i++) broker.publish("/topic/all", String(i));
    await flush();
    expect(h.store.getState().messages).toHaveLength(5000);
    expect(arrays.size).toBe(1); // one new array for the whole burst, not one per message
    h.release(true);
    release();
    await flush();
  });

  // case 71
  it("parses JSON safely: no prototype pollution, and bad JSON keeps the raw text with a ParseError", async () => {
    const { broker, session, release } = await connected();
    const h = session.subscriptions.subscribe<Record<string, unknown>>("/topic/j");
    await flush();
    broker.publish(
      "/topic/j",
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"ok":1}',
    );
    broker.publish("/topic/j", "{not json");
    await flush();
    const [good, bad] = h.store.getState().messages;
    const merged = Object.assign({}, good!.body);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect((merged as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(good!.body)).toBe(Object.prototype);
    expect(good!.body.ok).toBe(1);
    expect(bad!.body).toBeUndefined();
    expect(bad!.raw).toBe("{not json");
    expect(bad!.parseError?.code).toBe("PARSE_ERROR");
    expect(safeJsonParse('{"a":{"__proto__":{"x":1}}}')).toEqual({ a: {} });
    expect(Object.keys(safeJsonParse('{"\\u005f_proto__":{"x":1},"b":"\\u00e9"}') as object)).toEqual(["b"]);
    h.release(true);
    release();
    await flush();
  });

  it("parses text, raw frames, or with a custom parser (an explicit key makes it a separate subscription)", async () => {
    const { broker, session, release } = await connected();
    const upper = (m: { body: string }) => m.body.toUpperCase();
    const text = session.subscriptions.subscribe<string>("/topic/t", { parse: "text" });
    const custom = session.subscriptions.subscribe<string>("/topic/t", { parse: upper, key: "upper" });
    await flush();
    expect(broker.count("SUBSCRIBE")).toBe(2); // the explicit key, not the parser, separates them
    broker.publish("/topic/t", "hi", { "x-h": "1" });
    await flush();
    expect(text.store.getState().last?.body).toBe("hi");
    expect(custom.store.getState().last?.body).toBe("HI");
    expect(text.store.getState().last?.headers["x-h"]).toBe("1");
    text.release(true);
    custom.release(true);
    release();
    await flush();
  });

  it("rejects headers that would inject a frame", async () => {
    const { session, release } = await connected();
    expect(() => session.subscriptions.subscribe("/topic/a", { headers: { "x\nEVIL": "1" } })).toThrow(
      InvalidHeaderError,
    );
    expect(() => session.subscriptions.subscribe("/topic/a", { headers: { x: "1\n\nSEND" } })).toThrow(
      InvalidHeaderError,
    );
    release();
    await flush();
  });
});

describe("dedupe", () => {
  // case 46
  it("drops a redelivered message already seen (same message-id or idempotency key), and ACKs it", async () => {
    const { broker, session, release } = await connected();
    const seen: string[] = [];
    const h = session.subscriptions.subscribe(
      "/queue/d",
      { ack: "client-individual", dedupe: true, parse: "text" },
      (m) => seen.push(m.raw),
    );
    await flush();
    broker.publish("/queue/d", "a", { "message-id": "m-1" });
    broker.publish("/queue/d", "a again", { "message-id": "m-1" });
    broker.publish("/queue/d", "b", { "message-id": "m-2", "x-idempotency-key": "k-1" });
    broker.publish("/queue/d", "b resent", { "message-id": "m-3", "x-idempotency-key": "k-1" });
    broker.publish("/queue/d", "c", { "message-id": "m-4" });
    await flush();
    expect(seen).toEqual(["a", "b", "c"]);
    expect(h.store.getState().messages.map((m) => m.raw)).toEqual(["a", "b", "c"]);
    expect(broker.count("ACK")).toBe(5); // duplicates are settled too
    h.release(true);
    release();
    await flush();
  });

  it("keeps everything without dedupe, and accepts a custom key", async () => {
    const { broker, session, release } = await connected();
    const all = session.subscriptions.subscribe("/topic/x", { parse: "text" });
    const byBody = session.subscriptions.subscribe("/topic/x", {
      parse: "raw",
      dedupe: (m) => m.raw,
      key: "by-body",
    });
    await flush();
    for (const body of ["1", "1", "2"]) broker.publish("/topic/x", body, { "message-id": "same" });
    await flush();
    expect(all.store.getState().count).toBe(3);
    expect(byBody.store.getState().count).toBe(2);
    all.release(true);
    byBody.release(true);
    release();
    await flush();
  });
});

describe("acknowledgements", () => {
  // case 42
  it("with client-individual and autoAck, ACKs when the listener returns and NACKs when it throws", async () => {
    const { broker, session, release } = await connected();
    let fail = true;
    const h = session.subscriptions.subscribe("/queue/work", { ack: "client-individual" }, () => {
      if (fail) {
        fail = false;
        throw new Error("not yet");
      }
    });
    await flush();
    broker.publish("/queue/work", "job");
    await acksSent(); // the NACK goes out, the broker redelivers
    await acksSent(); // the redelivery's ACK goes out
    expect(broker.count("NACK")).toBe(1);
    expect(broker.count("ACK")).toBe(1); // the redelivery was acked
    const messages = h.store.getState().messages;
    expect(messages).toHaveLength(2);
    expect(messages[1]!.redelivered).toBe(true);
    h.release(true);
    release();
    await flush();
  });

  it("throws a typed AckFailedError for an ack after the connection dropped, and the broker redelivers", async () => {
    const { broker, session, release } = await connected();
    const h = session.subscriptions.subscribe("/queue/w", { ack: "client-individual", autoAck: false });
    await flush();
    broker.publish("/queue/w", "job");
    await flush();
    const message = h.store.getState().last!;
    broker.dropAll();
    await vi.advanceTimersByTimeAsync(100);
    expect(() => message.ack()).toThrow(AckFailedError);
    expect(h.store.getState().count).toBe(2); // redelivered on the new connection
    expect(h.store.getState().last!.redelivered).toBe(true);
    h.store.getState().last!.ack();
    await acksSent();
    expect(broker.count("ACK")).toBe(1);
    h.release(true);
    release();
    await flush();
  });

  // case 43
  it("acks cumulatively with ack:client (ACK of message N settles the earlier ones)", async () => {
    const { broker, session, release } = await connected();
    const h = session.subscriptions.subscribe("/queue/c", { ack: "client", autoAck: false });
    await flush();
    for (const n of ["1", "2", "3"]) broker.publish("/queue/c", n);
    await flush();
    const [, second] = h.store.getState().messages;
    second!.ack(); // one ACK, for message 2 of 3
    await acksSent();
    expect(broker.framesOf("ACK").map((f) => f.headers.id)).toEqual([
      broker.framesOf("MESSAGE", "out")[1]!.headers.ack,
    ]);
    broker.dropAll();
    await vi.advanceTimersByTimeAsync(100);
    // Through the wire: only message 3 was still unacked, so only it comes back on the new connection.
    const redelivered = broker.framesOf("MESSAGE", "out").filter((f) => f.connection === 2);
    expect(redelivered.map((f) => [f.body, f.headers.redelivered])).toEqual([["3", "true"]]);
    expect(h.store.getState().messages.map((m) => m.raw)).toEqual(["1", "2", "3", "3"]);
    h.release(true);
    release();
    await flush();
  });
});
