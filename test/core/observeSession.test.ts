// issue 13 §4: the read-only observation API behind stompkit/devtools' StompInspector
import {
  FRAME_BODY_PREVIEW,
  inspectSession,
  type ObservedFrame,
  observeSession,
  registerInspectable,
} from "stompkit/core";
import { internals } from "../../src/core/internals";
import { connected, flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

const PASSWORD = "s3cretPassw0rd";
const TOKEN = "t0kenValue123";
const PASSCODE = "hunter2-passcode";
const BEARER = "Bearer-abc-123";
const CUSTOM = "x-my-secret-value";
const leaks = (text: string) => [PASSWORD, TOKEN, PASSCODE, BEARER, CUSTOM].filter((s) => text.includes(s));

describe("observeSession", () => {
  it("reports frames both ways with command, destination and body preview", async () => {
    const { session, broker } = setup({ reconnect: { initialDelay: 100 } });
    const frames: ObservedFrame[] = [];
    const stop = observeSession(session, { onFrame: (f) => frames.push(f) });
    const release = session.mount();
    await flush();
    const handle = session.subscriptions.subscribe("/topic/obs-1", {});
    await flush();
    broker.publish("/topic/obs-1", JSON.stringify({ price: 42 }));
    await flush();
    await session.send("/queue/obs-1", { hello: "world" });
    await flush();
    const summary = frames.map((f) => `${f.direction} ${f.command} ${f.destination ?? ""}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        "out CONNECT ",
        "in CONNECTED ",
        "out SUBSCRIBE /topic/obs-1",
        "in RECEIPT ",
        "in MESSAGE /topic/obs-1",
        "out SEND /queue/obs-1",
      ]),
    );
    const message = frames.find((f) => f.command === "MESSAGE")!;
    expect(message.body).toBe('{"price":42}');
    expect(message.bytes).toBe(12);
    expect(message.at).toBe(session.clock.now());
    expect(frames.find((f) => f.command === "SEND")!.body).toBe('{"hello":"world"}');
    handle.release(true);
    stop();
    release();
    await flush();
  });

  it("cuts a long body to the preview length", async () => {
    const { session, broker, release } = await connected();
    const frames: ObservedFrame[] = [];
    const stop = observeSession(session, { onFrame: (f) => frames.push(f) });
    const handle = session.subscriptions.subscribe("/topic/obs-long", { parse: (b) => b });
    await flush();
    broker.publish("/topic/obs-long", "x".repeat(5000));
    await flush();
    const message = frames.find((f) => f.command === "MESSAGE")!;
    expect(message.bytes).toBe(5000);
    expect(message.body.startsWith("x".repeat(FRAME_BODY_PREVIEW))).toBe(true);
    expect(message.body.length).toBeLessThan(FRAME_BODY_PREVIEW + 40);
    handle.release(true);
    stop();
    release();
    await flush();
  });

  it("never shows credentials: URL userinfo and query, passcode, Authorization, redactHeaders, echoed values", async () => {
    const url = `wss://admin:${PASSWORD}@broker.example.com/ws?access_token=${TOKEN}&v=1`;
    const { session, broker } = setup({
      url,
      reconnect: { initialDelay: 100 },
      connectHeaders: async () => ({ login: "guest", passcode: PASSCODE, Authorization: BEARER }),
      redactHeaders: ["X-My-Secret"],
    });
    const frames: ObservedFrame[] = [];
    const stop = observeSession(session, { onFrame: (f) => frames.push(f) });
    const release = session.mount();
    await flush();
    const handle = session.subscriptions.subscribe("/topic/obs-secret", { parse: (b) => b });
    await flush();
    // a broker that echoes the secrets back, in headers and in the body
    broker.publish("/topic/obs-secret", `passcode:${PASSCODE}\nyour token is ${TOKEN} at ${url}`, {
      "x-echo": `${PASSCODE} ${BEARER}`,
      "x-my-secret": CUSTOM,
    });
    await session.send("/queue/obs-secret", "hi", { headers: { "x-my-secret": CUSTOM, note: PASSCODE } });
    await flush();
    const connect = frames.find((f) => f.command === "CONNECT")!;
    expect(connect.headers.passcode).toBe("***");
    expect(connect.headers.Authorization).toBe("***");
    expect(connect.headers.login).toBe("guest");
    const message = frames.find((f) => f.command === "MESSAGE")!;
    expect(message.headers["x-my-secret"]).toBe("***");
    expect(message.body).toContain("admin:***@broker.example.com");
    const snapshot = inspectSession(session);
    expect(snapshot.connection.url).toBe("wss://admin:***@broker.example.com/ws?access_token=***&v=***");
    expect(snapshot.history.every((r) => r.url === snapshot.connection.url)).toBe(true);
    expect(leaks(JSON.stringify(frames))).toEqual([]);
    expect(leaks(JSON.stringify(snapshot))).toEqual([]);
    handle.release(true);
    stop();
    release();
    await flush();
  });

  it("records the connection's history with attempts and the delay before each retry", async () => {
    const { session, broker } = setup({ reconnect: { initialDelay: 100, maxDelay: 100 } });
    const stop = observeSession(session, {});
    const release = session.mount();
    await flush();
    broker.refuseConnections();
    broker.dropAll();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(100);
    broker.refuseConnections(false);
    await vi.advanceTimersByTimeAsync(200);
    const { history, connection } = inspectSession(session);
    expect(connection.status).toBe("open");
    expect(history[0]).toMatchObject({ status: "idle", attempt: 0 });
    expect(history.map((r) => r.status)).toEqual(
      expect.arrayContaining(["connecting", "open", "reconnecting"]),
    );
    const waits = history.filter((r) => r.delay !== undefined);
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(waits.every((r) => r.delay! >= 0 && r.delay! <= 100)).toBe(true);
    expect(history.some((r) => r.error !== undefined)).toBe(true);
    expect(history.at(-1)).toMatchObject({ status: "open", attempt: 0 });
    stop();
    release();
    await flush();
  });

  it("records nothing and parses nothing while no observer is attached", async () => {
    const { session, broker, release } = await connected();
    // never observed: not even the observation module exists
    expect(internals(session).attached.has("observation")).toBe(false);
    expect(internals(session).taps.size).toBe(0);
    const frames: ObservedFrame[] = [];
    const stop = observeSession(session, { onFrame: (f) => frames.push(f) });
    expect(internals(session).taps.size).toBe(1);
    stop();
    stop(); // idempotent
    expect(internals(session).taps.size).toBe(0);
    const before = inspectSession(session).history.length;
    // traffic and a reconnect while nobody observes
    const handle = session.subscriptions.subscribe("/topic/obs-quiet", {});
    await flush();
    broker.publish("/topic/obs-quiet", "1");
    broker.dropAll();
    await vi.advanceTimersByTimeAsync(500);
    expect(session.connection.getState().status).toBe("open");
    expect(frames).toEqual([]);
    expect(inspectSession(session).history.length).toBe(before);
    handle.release(true);
    release();
    await flush();
  });

  it("keeps the session working when an observer throws", async () => {
    const { session, broker, release } = await connected();
    const stop = observeSession(session, {
      onFrame: () => {
        throw new Error("boom");
      },
      onChange: () => {
        throw new Error("boom");
      },
    });
    const seen: unknown[] = [];
    const handle = session.subscriptions.subscribe("/topic/obs-throw", {}, (m) => seen.push(m.body));
    await flush();
    broker.publish("/topic/obs-throw", "1");
    await flush();
    expect(seen).toEqual([1]);
    handle.release(true);
    stop();
    release();
    await flush();
  });
});

describe("inspectSession", () => {
  it("lists subscriptions with destination, ref-count, status, buffered count and the awaited receipt", async () => {
    const { session, broker, release } = await connected();
    broker.swallowReceipts();
    const a = session.subscriptions.subscribe("/topic/insp-1", {});
    const b = session.subscriptions.subscribe("/topic/insp-1", {});
    await flush();
    let [row] = inspectSession(session).subscriptions;
    expect(row).toMatchObject({ destination: "/topic/insp-1", refCount: 2, status: "pending", buffered: 0 });
    expect(row?.receipt).toMatch(/^sub-\d+-\d+$/);
    broker.swallowReceipts(false);
    broker.dropAll();
    await vi.advanceTimersByTimeAsync(500);
    broker.publish("/topic/insp-1", "1");
    broker.publish("/topic/insp-1", "2");
    await flush();
    [row] = inspectSession(session).subscriptions;
    expect(row).toMatchObject({ refCount: 2, status: "ready", buffered: 2, count: 2, receipt: undefined });
    a.release(true);
    b.release(true);
    expect(inspectSession(session).subscriptions).toEqual([]);
    release();
    await flush();
  });

  it("shows pending receipts with their age and the outbox with queued count, bytes and oldest age", async () => {
    const { session, broker, release } = await connected({ reconnect: { initialDelay: 10_000 } });
    expect(inspectSession(session).outbox).toBeUndefined(); // nothing created by reading
    expect(internals(session).attached.has("outbox")).toBe(false);
    broker.swallowReceipts();
    const sent = session.send("/queue/insp", "abc", { receipt: "r-insp-1", timeout: 60_000 }).catch(() => {});
    await vi.advanceTimersByTimeAsync(1500);
    expect(inspectSession(session).receipts).toEqual([{ id: "r-insp-1", status: "pending", age: 1500 }]);
    broker.refuseConnections();
    broker.dropAll();
    await flush();
    const queued = session.send("/queue/insp", "12345").catch(() => {});
    await vi.advanceTimersByTimeAsync(2000);
    const { outbox, receipts } = inspectSession(session);
    expect(outbox).toMatchObject({ queued: 2, bytes: 8 });
    expect(outbox?.oldestAge).toBe(2000);
    expect(receipts).toEqual([expect.objectContaining({ id: "r-insp-1", status: "queued" })]);
    release();
    await flush();
    await Promise.all([sent, queued]);
  });

  it("lists registered sources and tells observers when they come and go", async () => {
    const { session, release } = await connected();
    const changes = vi.fn();
    const stop = observeSession(session, { onChange: changes });
    const unregister = registerInspectable(session, {
      kind: "chat-thread",
      name: "42",
      inspect: () => ({ window: 3, pendingSends: 1 }),
    });
    expect(changes).toHaveBeenCalledTimes(1);
    expect(inspectSession(session).sources).toEqual([
      { kind: "chat-thread", name: "42", fields: { window: 3, pendingSends: 1 } },
    ]);
    unregister();
    unregister();
    expect(changes).toHaveBeenCalledTimes(2);
    expect(inspectSession(session).sources).toEqual([]);
    stop();
    release();
    await flush();
  });

  it("shows the negotiated version and heart-beats", async () => {
    const { session, release } = await connected(
      { heartbeat: { outgoing: 5000, incoming: 5000 } },
      { heartbeat: "10000,10000" },
    );
    const { connection } = inspectSession(session);
    expect(connection).toMatchObject({
      status: "open",
      version: "1.2",
      heartbeat: { outgoing: 10_000, incoming: 10_000 },
    });
    release();
    await flush();
  });
});
