import { ConnectionFailedError, createStompSession, StompConfigError } from "stompkit/core";
import { flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("createStompSession", () => {
  it("does nothing until mounted, then connects once", async () => {
    const { broker, session } = setup();
    await flush();
    expect(session.connection.getState().status).toBe("idle");
    expect(broker.connectionCount).toBe(0);

    const release = session.mount();
    expect(session.connection.getState().status).toBe("connecting");
    await flush();
    const state = session.connection.getState();
    expect(state.status).toBe("open");
    expect(state.connected?.server).toBe("stompkit-fake-broker/1");
    expect(state.connected?.session).toBe("session-1");
    expect(state.connected?.version).toBe("1.2");
    expect(broker.connectionCount).toBe(1);
    expect(broker.framesOf("CONNECT")[0]?.headers["accept-version"]).toBe("1.2,1.1,1.0");
    release();
    await flush();
  });

  it("keeps one socket through StrictMode's mount → release → mount", async () => {
    const { broker, session } = setup();
    const first = session.mount();
    first();
    const second = session.mount();
    await flush();
    expect(broker.connectionCount).toBe(1);
    expect(session.connection.getState().status).toBe("open");
    second();
    await flush();
    expect(broker.leaks()).toEqual({ sockets: 0, subscriptions: 0 });
    expect(session.connection.getState().status).toBe("closed");
  });

  it("ignores a release called twice", async () => {
    const { broker, session } = setup();
    const a = session.mount();
    const b = session.mount();
    a();
    a();
    await flush();
    expect(session.connection.getState().status).toBe("open");
    b();
    await flush();
    expect(broker.leaks().sockets).toBe(0);
  });

  it("throws a typed error naming the fix when neither url nor webSocketFactory is given", () => {
    expect(() => createStompSession({})).toThrow(StompConfigError);
    expect(() => createStompSession({})).toThrow(/`url`.*webSocketFactory/);
    expect(() => createStompSession({ url: "ws://x", reconnect: { initialDelay: -1 } })).toThrow(
      /reconnect.initialDelay/,
    );
  });

  it("reports a missing global WebSocket as a failed connection, then retries", async () => {
    const errors: unknown[] = [];
    const session = createStompSession({
      url: "ws://127.0.0.1:1/ws",
      onError: (e) => errors.push(e),
      environment: undefined,
    });
    const release = session.mount();
    await flush();
    expect(errors[0]).toBeInstanceOf(ConnectionFailedError);
    expect(session.connection.getState().status).toBe("reconnecting");
    release();
    await flush();
    // No environment here, so no window listeners to count: what can leak is a retry timer or a socket.
    expect(session.diagnostics()).toMatchObject({ timers: 0, socket: false });
  });
});
