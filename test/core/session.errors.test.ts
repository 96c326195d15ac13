import { AuthError, ServerError } from "stompkit/core";
import { flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

describe("ERROR frames", () => {
  // case 18
  it("surfaces a rejected CONNECT as AuthError and backs off instead of looping", async () => {
    const { broker, session, errors } = setup(
      { reconnect: { initialDelay: 1000, maxAttempts: 4 } },
      { authenticate: (h) => (h.passcode === "right" ? undefined : "Access refused for user 'guest'") },
    );
    const release = session.mount();
    await flush();
    expect(errors[0]).toBeInstanceOf(AuthError);
    expect((errors[0] as AuthError).code).toBe("AUTH_FAILED");
    expect((errors[0] as AuthError).message).toContain("Access refused");
    await vi.advanceTimersByTimeAsync(50);
    expect(broker.connectionCount).toBe(1); // no hot loop
    await vi.advanceTimersByTimeAsync(60_000);
    expect(broker.connectionCount).toBe(4);
    expect(session.connection.getState().status).toBe("failed");
    expect(errors.every((e) => e instanceof AuthError)).toBe(true);
    release();
    await flush();
  });

  // case 19 (RabbitMQ and Spring keep the socket open after ERROR)
  it("closes the socket itself when the broker sends ERROR mid-session and keeps it open, then reconnects", async () => {
    const { broker, session, errors } = setup({ reconnect: { initialDelay: 200 } }, { closeOnError: false });
    const stompErrors = vi.fn();
    session.on("stompError", stompErrors);
    const release = session.mount();
    await flush();
    broker.sendError("internal error", { close: false });
    await flush();
    expect(stompErrors).toHaveBeenCalledTimes(1);
    expect(errors[0]).toBeInstanceOf(ServerError);
    expect((errors[0] as ServerError).frame.headers.message).toBe("internal error");
    expect(broker.connections[0]?.open).toBe(false);
    expect(session.connection.getState().status).toBe("reconnecting");
    // An ERROR right after CONNECTED does not reset the backoff: the next step's ceiling (400 ms).
    await vi.advanceTimersByTimeAsync(400);
    expect(session.connection.getState().status).toBe("open");
    expect(broker.connectionCount).toBe(2);
    release();
    await flush();
  });

  it("keeps growing the delay when every connection is closed by an ERROR soon after CONNECTED", async () => {
    const { broker, session } = setup({
      clock: { setTimeout, clearTimeout, now: Date.now, random: () => 1 },
      reconnect: { initialDelay: 100, maxDelay: 60_000, minDelay: 10 },
    });
    const release = session.mount();
    const off = session.on("connect", () => queueMicrotask(() => broker.sendError("refused again")));
    await flush();
    const times: number[] = [];
    session.on("connect", () => times.push(Date.now()));
    await vi.advanceTimersByTimeAsync(100 * (2 + 4 + 8 + 16 + 32));
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps).toEqual([200, 400, 800, 1600]); // doubling from initialDelay: the drops never reset it
    off();
    release();
    await flush();
  });

  it("does the same for an ERROR that rejects CONNECT without a close", async () => {
    const { broker, session, errors } = setup(
      { reconnect: { initialDelay: 200, maxAttempts: 2 } },
      { authenticate: () => "Bad CONNECT", closeOnError: false },
    );
    const release = session.mount();
    await flush();
    expect(errors[0]).toBeInstanceOf(AuthError);
    expect(broker.openConnections()).toHaveLength(0);
    release();
    await flush();
  });
});
