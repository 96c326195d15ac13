import { HeartbeatTimeoutError, negotiateHeartbeat } from "stompkit/core";
import { flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

describe("heart-beats", () => {
  // case 24
  it.each([
    // client out,in   server header  → out, in
    [{ outgoing: 10000, incoming: 10000 }, "10000,10000", { outgoing: 10000, incoming: 10000 }],
    [{ outgoing: 1000, incoming: 1000 }, "5000,2000", { outgoing: 2000, incoming: 5000 }],
    [{ outgoing: 0, incoming: 1000 }, "5000,2000", { outgoing: 0, incoming: 5000 }],
    [{ outgoing: 1000, incoming: 0 }, "5000,2000", { outgoing: 2000, incoming: 0 }],
    [{ outgoing: 1000, incoming: 1000 }, "0,0", { outgoing: 0, incoming: 0 }],
    [{ outgoing: 1000, incoming: 1000 }, undefined, { outgoing: 0, incoming: 0 }],
    [{ outgoing: 1000, incoming: 1000 }, "0,3000", { outgoing: 3000, incoming: 0 }],
  ])("negotiates %o with CONNECTED heart-beat %s as MAX() per STOMP 1.2", (client, header, expected) => {
    expect(negotiateHeartbeat(client, header)).toEqual(expected);
  });

  it("sends the configured heart-beat in CONNECT and stores the negotiated one", async () => {
    const { broker, session } = setup(
      { heartbeat: { outgoing: 1000, incoming: 4000 } },
      { heartbeat: "2000,500" },
    );
    const release = session.mount();
    await flush();
    expect(broker.framesOf("CONNECT")[0]?.headers["heart-beat"]).toBe("1000,4000");
    expect(session.connection.getState().connected?.negotiatedHeartbeat).toEqual({
      outgoing: 1000,
      incoming: 4000,
    });
    release();
    await flush();
  });

  it("defaults to 10000,10000 as in the seed article", async () => {
    const { broker, session } = setup({ heartbeat: undefined });
    const release = session.mount();
    await flush();
    expect(broker.framesOf("CONNECT")[0]?.headers["heart-beat"]).toBe("10000,10000");
    release();
    await flush();
  });

  // case 21
  it("detects a half-open link within 3× the interval and reconnects", async () => {
    const { broker, session, errors } = setup(
      { heartbeat: { outgoing: 1000, incoming: 1000 }, reconnect: { initialDelay: 100 } },
      { heartbeat: "1000,1000" },
    );
    const release = session.mount();
    await flush();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(session.connection.getState().status).toBe("open"); // pings keep it alive
    expect(broker.connections[0]!.pingsIn).toBeGreaterThan(5);
    expect(broker.connections[0]!.pingsOut).toBeGreaterThan(5);

    broker.stall("both");
    await vi.advanceTimersByTimeAsync(3000);
    expect(errors.some((e) => e instanceof HeartbeatTimeoutError)).toBe(true);
    expect(session.connection.getState().status).not.toBe("open");
    await vi.advanceTimersByTimeAsync(200);
    expect(session.connection.getState().status).toBe("open");
    expect(broker.connectionCount).toBe(2);
    release();
    await vi.advanceTimersByTimeAsync(5000);
    // The client closed the stalled socket when its heart-beat ran out, and the release closed the new one:
    // "≤ 1" here would have passed with the live socket leaked.
    expect(broker.connections.map((c) => c.open)).toEqual([false, false]);
    expect(broker.leaks()).toEqual({ sockets: 0, subscriptions: 0 });
  });

  // case 22
  it("reconnects when only broker → client traffic stalls", async () => {
    const { broker, session } = setup(
      { heartbeat: { outgoing: 1000, incoming: 1000 }, reconnect: { initialDelay: 100 } },
      { heartbeat: "1000,1000" },
    );
    const release = session.mount();
    await flush();
    broker.stall("out");
    await vi.advanceTimersByTimeAsync(3100);
    expect(broker.connectionCount).toBe(2);
    expect(session.connection.getState().status).toBe("open");
    release();
    await flush();
  });

  it("reconnects when only client → broker traffic stalls (the broker closes)", async () => {
    const { broker, session } = setup(
      { heartbeat: { outgoing: 1000, incoming: 1000 }, reconnect: { initialDelay: 100 } },
      { heartbeat: "1000,1000" },
    );
    const release = session.mount();
    await flush();
    broker.stall("in");
    await vi.advanceTimersByTimeAsync(3100);
    expect(broker.connections[0]?.open).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(session.connection.getState().status).toBe("open");
    release();
    await flush();
  });

  // case 23
  it("has no false disconnects when the broker omits heart-beat", async () => {
    const { broker, session } = setup(
      { heartbeat: { outgoing: 1000, incoming: 1000 } },
      { heartbeat: "0,0" },
    );
    const release = session.mount();
    await flush();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(session.connection.getState().status).toBe("open");
    expect(broker.connectionCount).toBe(1);
    expect(broker.connections[0]!.pingsIn).toBe(0);
    release();
    await flush();
  });
});
