import {
  ConnectionFailedError,
  ConnectTimeoutError,
  createStompSession,
  ParseError,
  StompConfigError,
  safeJsonParse,
} from "stompkit/core";
import { connected, flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

/** Fails the test when anything rejects unhandled while it runs (that would kill a Node process). */
function watchUnhandled() {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on("unhandledRejection", listener);
  return { seen, stop: () => process.off("unhandledRejection", listener) };
}

// issue 6 §2: sends and connections that cannot hang
describe("connectHeaders bounded by connectTimeout", () => {
  it("times out a connectHeaders function that never resolves, then retries with backoff", async () => {
    const calls: number[] = [];
    const { broker, session, errors } = setup({
      connectTimeout: 2000,
      reconnect: { initialDelay: 1000, maxDelay: 1000, minDelay: 1000 },
      connectHeaders: ({ attempt }) => {
        calls.push(attempt);
        return attempt === 1 ? new Promise(() => {}) : { login: "u" };
      },
    });
    const release = session.mount();
    await vi.advanceTimersByTimeAsync(1999);
    expect(errors).toHaveLength(0);
    expect(broker.connectionCount).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(errors[0]).toBeInstanceOf(ConnectTimeoutError);
    expect(session.connection.getState()).toMatchObject({ status: "reconnecting" });
    expect(session.connection.getState().lastError).toBeInstanceOf(ConnectTimeoutError);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual([1, 2]);
    expect(session.connection.getState().status).toBe("open");
    expect(broker.framesOf("CONNECT")[0]?.headers.login).toBe("u");
    release();
    await flush();
  });
});

describe("a webSocketFactory that misbehaves", () => {
  it.each([
    ["returns undefined", () => undefined],
    ["returns null", () => null],
    ["returns a string", () => "ws://x"],
    [
      "throws",
      () => {
        throw new Error("no socket today");
      },
    ],
  ])(
    "reports a ConnectionFailedError when it %s, retries, and never rejects unhandled",
    async (_, factory) => {
      const unhandled = watchUnhandled();
      const errors: unknown[] = [];
      const session = createStompSession({
        webSocketFactory: factory as never,
        heartbeat: { outgoing: 0, incoming: 0 },
        reconnect: { initialDelay: 100, maxAttempts: 3 },
        onError: (e) => errors.push(e),
      });
      const release = session.mount();
      await vi.advanceTimersByTimeAsync(1000);
      await flush();
      unhandled.stop();
      expect(unhandled.seen).toEqual([]);
      expect(errors).toHaveLength(3);
      for (const error of errors) expect(error).toBeInstanceOf(ConnectionFailedError);
      expect(session.connection.getState().status).toBe("failed");
      expect(session.connection.getState().lastError).toBeInstanceOf(ConnectionFailedError);
      release();
      await flush();
    },
  );
});

describe("option validation", () => {
  const factory = () => ({}) as never;
  it.each([
    ["debug: 'yes'", { webSocketFactory: factory, debug: "yes" }],
    ["debug: 1", { webSocketFactory: factory, debug: 1 }],
    ["onError: 'log'", { webSocketFactory: factory, onError: "log" }],
    ["a non-function webSocketFactory", { webSocketFactory: {} }],
    ["url ftp:", { url: "ftp://example.com/ws" }],
    ["url http: without a factory", { url: "http://example.com/ws" }],
    ["a relative url", { url: "/ws" }],
    ["reconnect.factor 0.5", { webSocketFactory: factory, reconnect: { factor: 0.5 } }],
    ["reconnect.minDelay 0", { webSocketFactory: factory, reconnect: { minDelay: 0 } }],
    ["reconnect.initialDelay NaN", { webSocketFactory: factory, reconnect: { initialDelay: Number.NaN } }],
    ["reconnect.maxDelay Infinity", { webSocketFactory: factory, reconnect: { maxDelay: Infinity } }],
    ["reconnect.maxAttempts 0", { webSocketFactory: factory, reconnect: { maxAttempts: 0 } }],
    ["reconnect.maxAttempts 1.5", { webSocketFactory: factory, reconnect: { maxAttempts: 1.5 } }],
    ["heartbeat.incoming -1", { webSocketFactory: factory, heartbeat: { incoming: -1 } }],
    ["connectTimeout NaN", { webSocketFactory: factory, connectTimeout: Number.NaN }],
    ["unsubscribeDelay -5", { webSocketFactory: factory, unsubscribeDelay: -5 }],
    ["outbox.flushBatch 0", { webSocketFactory: factory, outbox: { flushBatch: 0 } }],
    ["outbox.flushBatch 0.5", { webSocketFactory: factory, outbox: { flushBatch: 0.5 } }],
    ["outbox.maxMessages Infinity", { webSocketFactory: factory, outbox: { maxMessages: Infinity } }],
    ["outbox.maxMessages -1", { webSocketFactory: factory, outbox: { maxMessages: -1 } }],
    ["outbox.maxBytes 0", { webSocketFactory: factory, outbox: { maxBytes: 0 } }],
    ["outbox.ttl NaN", { webSocketFactory: factory, outbox: { ttl: Number.NaN } }],
    ["outbox.receiptTimeout -1", { webSocketFactory: factory, outbox: { receiptTimeout: -1 } }],
    [
      "outbox.idempotencyHeader with LF",
      { webSocketFactory: factory, outbox: { idempotencyHeader: "x\ny" } },
    ],
  ])("refuses %s with StompConfigError", (_, options) => {
    expect(() => createStompSession(options as never)).toThrow(StompConfigError);
  });

  it("accepts ws:, wss:, and http(s): with a SockJS-style factory", () => {
    expect(() => createStompSession({ url: "ws://h/ws" })).not.toThrow();
    expect(() => createStompSession({ url: "wss://h/ws" })).not.toThrow();
    expect(() => createStompSession({ url: "https://h/stomp", webSocketFactory: factory })).not.toThrow();
  });

  it("refuses a bad option in configure() and keeps the previous options", async () => {
    const { broker, session, release } = await connected();
    expect(() => session.configure({ debug: "loud" as never })).toThrow(StompConfigError);
    expect(() => session.configure({ reconnect: { factor: 0 } })).toThrow(StompConfigError);
    broker.dropAll();
    await vi.advanceTimersByTimeAsync(100);
    expect(session.connection.getState().status).toBe("open");
    release();
    await flush();
  });

  it("rejects a send with a NaN timeout with StompConfigError, nothing sent", async () => {
    const { broker, session, release } = await connected();
    await expect(session.send("/app/a", "x", { receipt: true, timeout: Number.NaN })).rejects.toBeInstanceOf(
      StompConfigError,
    );
    expect(broker.count("SEND")).toBe(0);
    release();
    await flush();
  });
});

// issue 6 §7: configuration that cannot produce a hot loop
describe("no hot loop", () => {
  it.each([
    ["maxDelay: 0", { maxDelay: 0 }],
    ["initialDelay: 0", { initialDelay: 0 }],
    ["initialDelay: 0, maxDelay: 0, minDelay: 10", { initialDelay: 0, maxDelay: 0, minDelay: 10 }],
  ])("makes a handful of attempts per second against a refusing broker with %s", async (_, reconnect) => {
    const { broker, session } = setup({
      reconnect,
      clock: { setTimeout, clearTimeout, now: Date.now, random: () => 0 },
    });
    broker.refuseConnections();
    const release = session.mount();
    await vi.advanceTimersByTimeAsync(10_000);
    const perSecond = broker.connectionCount / 10;
    const floor = (reconnect as { minDelay?: number }).minDelay ?? 100;
    expect(perSecond).toBeLessThanOrEqual(1000 / floor + 0.1);
    expect(perSecond).toBeGreaterThan(0);
    release();
    await flush();
  });

  it("grows the delay for a broker that accepts and drops at once, and resets it only after a healthy connection", async () => {
    const { broker, session } = setup({
      clock: { setTimeout, clearTimeout, now: Date.now, random: () => 1 },
      reconnect: { initialDelay: 100, maxDelay: 60_000 },
    });
    let dropping = true;
    session.on("connect", () => {
      if (dropping) queueMicrotask(() => broker.dropAll());
    });
    const times: number[] = [];
    session.on("connect", () => times.push(Date.now()));
    const release = session.mount();
    await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 800 + 1600);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps).toEqual([100, 200, 400, 800, 1600]);

    dropping = false;
    await vi.advanceTimersByTimeAsync(3200); // this one stays up
    expect(session.connection.getState().status).toBe("open");
    await vi.advanceTimersByTimeAsync(4999);
    broker.dropAll(); // not yet healthy: the backoff keeps growing
    await flush();
    const before = broker.connectionCount;
    await vi.advanceTimersByTimeAsync(6399);
    expect(broker.connectionCount).toBe(before);
    await vi.advanceTimersByTimeAsync(1);
    expect(broker.connectionCount).toBe(before + 1);
    await vi.advanceTimersByTimeAsync(5000); // healthy now
    broker.dropAll();
    await flush();
    const reset = broker.connectionCount;
    await vi.advanceTimersByTimeAsync(100); // back to initialDelay
    expect(broker.connectionCount).toBe(reset + 1);
    release();
    await flush();
  });

  it("gives up after maxAttempts even when every attempt reaches CONNECTED before the drop", async () => {
    const { broker, session } = setup({ reconnect: { initialDelay: 100, maxAttempts: 3 } });
    session.on("connect", () => queueMicrotask(() => broker.dropAll()));
    const release = session.mount();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(broker.connectionCount).toBe(3);
    expect(session.connection.getState().status).toBe("failed");
    release();
    await flush();
  });
});

describe("parse errors and JSON", () => {
  it("reports a body that does not parse through onError as a ParseError", async () => {
    const { broker, session, errors, release } = await connected();
    const sub = session.subscriptions.subscribe("/topic/parse-err");
    await flush();
    broker.publish("/topic/parse-err", "{not json");
    await flush();
    expect(errors.some((e) => e instanceof ParseError)).toBe(true);
    expect(sub.store.getState().messages[0]?.parseError).toBeInstanceOf(ParseError);
    sub.release(true);
    release();
    await flush();
  });

  it("drops __proto__ and a constructor holding prototype, keeps plain constructor data", () => {
    const polluted = safeJsonParse(
      '{"a":1,"__proto__":{"x":1},"constructor":{"prototype":{"y":1}}}',
    ) as object;
    expect(polluted).toEqual({ a: 1 });
    expect(Object.hasOwn(polluted, "constructor")).toBe(false);
    expect(Object.getPrototypeOf(polluted)).toBe(Object.prototype);
    const escaped = safeJsonParse('{"\\u0063onstructor":{"\\u0070rototype":{"y":1}},"b":2}');
    expect(escaped).toEqual({ b: 2 });
    const nested = safeJsonParse('[{"k":{"constructor":{"prototype":1}}}]');
    expect(nested).toEqual([{ k: {} }]);
    expect(safeJsonParse('{"constructor":"data","prototype":"kept"}')).toEqual({
      constructor: "data",
      prototype: "kept",
    });
    expect(safeJsonParse('{"plain":[1,2]}')).toEqual({ plain: [1, 2] });
  });
});
