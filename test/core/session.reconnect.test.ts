import { backoffDelay, ConnectionFailedError, ConnectionLostError, ConnectTimeoutError } from "stompkit/core";
import { flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

describe("reconnect", () => {
  // reliability-plan §6 case 16
  it("retries an unreachable broker with growing, jittered delays and typed errors", async () => {
    const random = vi.fn(() => 0.5);
    const { broker, session, errors } = setup({
      clock: { setTimeout, clearTimeout, now: Date.now, random },
      reconnect: { initialDelay: 1000, maxDelay: 8000, minDelay: 10 },
    });
    broker.refuseConnections();
    const statuses: string[] = [];
    session.connection.subscribe((s) => statuses.push(s.status));
    const release = session.mount();
    await flush();
    expect(session.connection.getState()).toMatchObject({ status: "reconnecting", attempt: 1 });
    expect(errors[0]).toBeInstanceOf(ConnectionFailedError);
    expect((errors[0] as ConnectionFailedError).code).toBe("CONNECTION_FAILED");

    // 10 + (ceiling - 10) × random 0.5, ceilings 1000, 2000, 4000, 8000, 8000
    for (const delay of [505, 1005, 2005, 4005, 4005]) {
      const before = broker.connectionCount;
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(broker.connectionCount).toBe(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(broker.connectionCount).toBe(before + 1);
    }
    expect(statuses[0]).toBe("connecting");
    expect(statuses).toContain("reconnecting");
    expect(statuses).not.toContain("open");

    broker.refuseConnections(false);
    await vi.advanceTimersByTimeAsync(4005);
    expect(session.connection.getState()).toMatchObject({ status: "open", attempt: 0, lastError: undefined });
    release();
    await flush();
  });

  // case 28
  it("grows delays to the cap with real spread, and resets them after a successful connect", () => {
    const policy = { initialDelay: 1000, maxDelay: 30_000, factor: 2, minDelay: 100, maxAttempts: Infinity };
    let seed = 42;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const delays = Array.from({ length: 20 }, (_, i) => backoffDelay(policy, i + 1, random));
    for (const [i, d] of delays.entries()) {
      expect(d).toBeGreaterThanOrEqual(100);
      expect(d).toBeLessThanOrEqual(Math.min(30_000, 1000 * 2 ** i));
    }
    const capped = delays.slice(10);
    expect(new Set(capped).size).toBeGreaterThan(5); // jitter: not one synchronised value
    expect(Math.max(...capped)).toBeGreaterThan(15_000);
    expect(backoffDelay(policy, 20, () => 1)).toBe(30_000);
    expect(backoffDelay(policy, 1, () => 0)).toBe(100); // floor: never a hot loop
  });

  it("resets the backoff after a connection succeeds (stompjs #701)", async () => {
    const { broker, session } = setup({
      clock: { setTimeout, clearTimeout, now: Date.now, random: () => 1 },
      reconnect: { initialDelay: 1000, maxDelay: 60_000, minDelay: 10 },
    });
    broker.refuseConnections();
    const release = session.mount();
    await flush();
    await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000); // three failed retries
    expect(session.connection.getState().attempt).toBe(4);
    broker.refuseConnections(false);
    await vi.advanceTimersByTimeAsync(8000);
    expect(session.connection.getState().status).toBe("open");
    await vi.advanceTimersByTimeAsync(5000); // healthy: open for HEALTHY_AFTER_MS

    broker.dropAll();
    await flush();
    expect(session.connection.getState()).toMatchObject({ status: "reconnecting", attempt: 0 });
    expect(session.connection.getState().lastError).toBeInstanceOf(ConnectionLostError);
    const before = broker.connectionCount;
    await vi.advanceTimersByTimeAsync(1000); // back to the first step, not 16 s
    expect(broker.connectionCount).toBe(before + 1);
    expect(session.connection.getState().status).toBe("open");
    release();
    await flush();
  });

  it("gives up after maxAttempts with status failed, and reconnect() starts again", async () => {
    const { broker, session } = setup({ reconnect: { initialDelay: 100, maxAttempts: 3 } });
    broker.refuseConnections();
    const release = session.mount();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(broker.connectionCount).toBe(3);
    expect(session.connection.getState().status).toBe("failed");
    await vi.advanceTimersByTimeAsync(600_000);
    expect(broker.connectionCount).toBe(3);
    expect(session.diagnostics().timers).toBe(0);

    broker.refuseConnections(false);
    session.reconnect();
    await flush();
    expect(session.connection.getState().status).toBe("open");
    release();
    await flush();
  });

  it("with reconnect: false, fails on the first drop", async () => {
    const { broker, session } = setup({ reconnect: false });
    const release = session.mount();
    await flush();
    broker.dropAll();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(session.connection.getState().status).toBe("failed");
    expect(broker.connectionCount).toBe(1);
    release();
    await flush();
  });

  // case 17
  it("discards a socket whose CONNECTED never arrives and retries", async () => {
    const { broker, session, errors } = setup({ connectTimeout: 5000, reconnect: { initialDelay: 100 } });
    broker.swallowConnected(1);
    const release = session.mount();
    await vi.advanceTimersByTimeAsync(4999);
    expect(session.connection.getState().status).toBe("connecting");
    await vi.advanceTimersByTimeAsync(1);
    expect(errors[0]).toBeInstanceOf(ConnectTimeoutError);
    expect(broker.connections[0]?.open).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(session.connection.getState().status).toBe("open");
    expect(broker.openConnections()).toHaveLength(1);
    release();
    await flush();
  });

  // case 20
  it("discards a partial frame when the socket resets mid-frame, and delivers nothing garbled", async () => {
    const { broker, session } = setup({ reconnect: { initialDelay: 100 } });
    const unhandled = vi.fn();
    session.on("unhandledMessage", unhandled);
    const release = session.mount();
    await flush();
    broker.injectRaw("MESSAGE\nsubscription:sub-0\ndestination:/topic/a\ncontent-length:100\n\nhalf a bo");
    broker.dropAll();
    await vi.advanceTimersByTimeAsync(100);
    expect(session.connection.getState().status).toBe("open");
    broker.injectRaw("MESSAGE\nsubscription:nobody\nmessage-id:9\ndestination:/topic/a\n\nwhole\0");
    await flush();
    expect(unhandled).toHaveBeenCalledTimes(1);
    expect(unhandled.mock.calls[0]?.[0].body).toBe("whole");
    release();
    await flush();
  });

  // case 27
  it("survives 1,000 mount/release toggles with at most one live socket, ending as the last call says", async () => {
    const { broker, session } = setup({ reconnect: { initialDelay: 10 } });
    let maxOpen = 0;
    let release: (() => void) | undefined;
    for (let i = 0; i < 1000; i++) {
      if (release) {
        release();
        release = undefined;
      } else {
        release = session.mount();
      }
      if (i % 7 === 0) await flush(); // let some toggles settle, others race
      maxOpen = Math.max(maxOpen, broker.openConnections().length);
    }
    // 1,000 toggles end released
    await vi.advanceTimersByTimeAsync(5000);
    expect(maxOpen).toBeLessThanOrEqual(1);
    expect(broker.leaks().sockets).toBe(0);
    expect(session.connection.getState().status).toBe("closed");
    release = session.mount();
    await vi.advanceTimersByTimeAsync(5000);
    expect(broker.openConnections()).toHaveLength(1);
    expect(session.connection.getState().status).toBe("open");
    release();
    await vi.advanceTimersByTimeAsync(5000);
    expect(broker.leaks().sockets).toBe(0);
  });
});
