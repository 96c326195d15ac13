// The session's public surface (issue 6 §9, §10): sending attaches on first use, plumbing is not on the
// session, `url` names the broker, and `configure()` applies or rejects every option.
import {
  createStompSession,
  createStompSessionBase,
  NotDeliveredError,
  OutboxFullError,
  StompConfigError,
  withSending,
} from "stompkit/core";
import { createFakeBroker } from "stompkit/testing";
import { connected, flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

describe("session API", () => {
  it("exposes no plumbing: trackReceipt, pendingReceipts, log, reportError, emitError, keyOf, releaseNow are not on it", () => {
    const { session } = setup();
    for (const name of ["trackReceipt", "pendingReceipts", "log", "reportError", "emitError"])
      expect(name in session).toBe(false);
    for (const name of ["keyOf", "releaseNow"]) expect(name in session.subscriptions).toBe(false);
  });

  it("a base session has no sending half until it is asked for; send still works once attached", async () => {
    const broker = createFakeBroker();
    const base = createStompSessionBase({
      webSocketFactory: broker.webSocketFactory,
      heartbeat: { outgoing: 0, incoming: 0 },
    });
    expect("send" in base).toBe(false);
    expect(base.diagnostics().outbox).toEqual({ queued: 0, inflight: 0, timers: 0 });
    const release = base.mount();
    await flush();
    const session = withSending(base);
    expect(withSending(base)).toBe(session); // once
    const sent = session.send("/queue/api-lazy", "hi", { receipt: true });
    await flush();
    await expect(sent).resolves.toMatchObject({ receiptId: expect.any(String) });
    expect(
      broker.frames.filter((f) => f.command === "SEND" && f.headers.destination === "/queue/api-lazy"),
    ).toHaveLength(1);
    expect(session.outbox).toBe(session.outbox); // one outbox per session
    release();
    await flush();
  });

  it("session.send works on a session from createStompSession without any other call", async () => {
    const { broker, session, release } = await connected();
    await session.send("/queue/api-direct", { a: 1 });
    expect(
      broker.frames.some((f) => f.command === "SEND" && f.headers.destination === "/queue/api-direct"),
    ).toBe(true);
    release();
    await flush();
  });

  it("subscribe with an empty destination throws StompConfigError", () => {
    const { session } = setup();
    expect(() => session.subscriptions.subscribe("", {}, () => {})).toThrow(StompConfigError);
  });
});

describe("url option", () => {
  it("url is the broker URL; brokerURL still works (deprecated); url wins when both are given", () => {
    expect(() => createStompSession({ url: "wss://example.com/ws" })).not.toThrow();
    expect(() => createStompSession({ brokerURL: "wss://example.com/ws" })).not.toThrow();
    expect(() =>
      createStompSession({ url: "http://example.com", brokerURL: "wss://example.com/ws" }),
    ).toThrow(/url must be an absolute ws/);
    expect(() => createStompSession({ url: "ftp://x" })).toThrow(StompConfigError);
  });
});

describe("configure() applies or rejects each option", () => {
  it("outbox: new bounds apply to the next send", async () => {
    const { session, broker } = setup({ outbox: { maxMessages: 5 } });
    broker.refuseConnections();
    const release = session.mount();
    await flush();
    const first = session.send("/queue/cfg-outbox", "1").catch((e: unknown) => e);
    session.configure({ outbox: { maxMessages: 1 } });
    await expect(session.send("/queue/cfg-outbox", "2")).rejects.toBeInstanceOf(OutboxFullError);
    expect(session.outbox.queued).toBe(1);
    release();
    await flush();
    expect(await first).toBeInstanceOf(NotDeliveredError);
  });

  it("outbox: bad bounds are rejected with StompConfigError and change nothing", async () => {
    const { session } = setup();
    expect(() => session.configure({ outbox: { flushBatch: 0 } })).toThrow(StompConfigError);
    expect(() => session.configure({ outbox: { maxBytes: Number.NaN } })).toThrow(/outbox.maxBytes/);
  });

  it("unsubscribeDelay: applies to the next release", async () => {
    const { session, broker, release } = await connected({ unsubscribeDelay: 10_000 });
    session.configure({ unsubscribeDelay: 0 });
    const sub = session.subscriptions.subscribe("/topic/cfg-delay", {}, () => {});
    await flush();
    sub.release();
    await flush();
    expect(broker.frames.filter((f) => f.command === "UNSUBSCRIBE")).toHaveLength(1);
    expect(() => session.configure({ unsubscribeDelay: -1 })).toThrow(StompConfigError);
    release();
    await flush();
  });

  it("notify: a new scheduler is used for the next notification", async () => {
    const { session, broker, release } = await connected({ notify: "microtask" });
    const mine = vi.fn((run: () => void) => queueMicrotask(run));
    session.configure({ notify: mine });
    const sub = session.subscriptions.subscribe("/topic/cfg-notify", {}, () => {});
    await flush();
    broker.publish("/topic/cfg-notify", "x");
    await flush();
    expect(mine).toHaveBeenCalled();
    expect(sub.store.getState().count).toBe(1);
    sub.release(true);
    release();
    await flush();
  });

  it("clock: cannot change on a live session (StompConfigError naming it and the fix); the same clock is fine", () => {
    const clock = { now: () => 0, setTimeout, clearTimeout, random: Math.random };
    const { session } = setup({ clock: clock as never });
    expect(() => session.configure({ clock: clock as never })).not.toThrow();
    expect(() => session.configure({ clock: { ...clock } as never })).toThrow(StompConfigError);
    expect(() => session.configure({ clock: { ...clock } as never })).toThrow(/clock.*create a new session/);
  });
});

describe("no stompjs private fields", () => {
  it("no source file reads or writes an `_`-prefixed field (such as stompjs's _stompHandler)", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const root = join(import.meta.dirname, "../../src");
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((f) => /\.\s*_[A-Za-z]/.test(readFileSync(join(root, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});
