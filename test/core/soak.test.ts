import { fakeWindow, flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

describe("soak (sized for CI)", () => {
  // case 59: 200 subscriptions on one connection through many reconnect cycles
  it("keeps listeners, timers, receipt waits and subscriptions flat across 300 reconnect cycles", async () => {
    const win = fakeWindow();
    const { broker, session } = setup({
      environment: win.env,
      reconnect: { initialDelay: 10, minDelay: 10, maxDelay: 10 },
    });
    const release = session.mount();
    await flush();
    expect(win.listeners()).toBe(3); // online, offline, visibilitychange: the count below is not vacuous
    const handles = Array.from({ length: 200 }, (_, i) =>
      session.subscriptions.subscribe(`/topic/s${i}`, {}, () => {}),
    );
    await flush();
    const baseline = JSON.stringify(session.diagnostics());
    const timersBaseline = vi.getTimerCount();
    const cycles = 300;
    for (let i = 0; i < cycles; i++) {
      broker.dropAll();
      await vi.advanceTimersByTimeAsync(10);
      if (i % 50 === 0) void session.send("/app/ping", String(i), { receipt: true });
    }
    await flush();
    expect(session.connection.getState().status).toBe("open");
    expect(broker.connectionCount).toBe(cycles + 1);
    expect(broker.subscriptionCount()).toBe(200);
    expect(broker.count("SUBSCRIBE")).toBe(200 * (cycles + 1)); // each live key once per connection
    expect(JSON.stringify(session.diagnostics())).toBe(baseline);
    expect(win.listeners()).toBe(3); // not one more per reconnect
    expect(vi.getTimerCount()).toBe(timersBaseline);
    for (const h of handles) h.release(true);
    release();
    await flush();
    expect(broker.leaks()).toEqual({ sockets: 0, subscriptions: 0 });
    expect(session.diagnostics()).toMatchObject({
      listeners: 0,
      timers: 0,
      socket: false,
      subscriptions: { entries: 0, listeners: 0, timers: 0 },
      receipts: { waits: 0, timers: 0 },
      outbox: { queued: 0, inflight: 0, timers: 0 },
    });
    expect(win.listeners()).toBe(0);
  }, 60_000);
});
