// Issue 12: a connect attempt bounded by `connectTimeout` (here: connectHeaders that never settle). Between
// attempts and during every later one the state is `reconnecting` (with `nextRetryAt` while it waits);
// `connecting` is the first attempt since start only.
import { type ConnectionState, ConnectTimeoutError } from "stompkit/core";
import { flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

describe("connectHeaders that never settle", () => {
  it("times out each attempt, and shows reconnecting with nextRetryAt between attempts, never connecting again", async () => {
    const { broker, session, errors } = setup({
      connectTimeout: 1000,
      reconnect: { initialDelay: 500, maxDelay: 500, maxAttempts: 3 },
      connectHeaders: () => new Promise<Record<string, string>>(() => {}),
    });
    const seen: Array<Pick<ConnectionState, "status" | "attempt" | "nextRetryAt">> = [];
    session.connection.subscribe(({ status, attempt, nextRetryAt }) =>
      seen.push({ status, attempt, nextRetryAt }),
    );
    const release = session.mount();
    await flush();
    expect(session.connection.getState()).toMatchObject({ status: "connecting", attempt: 1 });

    await vi.advanceTimersByTimeAsync(1000); // the first attempt times out
    expect(errors).toEqual([expect.any(ConnectTimeoutError)]);
    const waiting = session.connection.getState();
    expect(waiting.status).toBe("reconnecting");
    expect(waiting.lastError).toBeInstanceOf(ConnectTimeoutError);
    expect(waiting.nextRetryAt).toBeGreaterThan(Date.now());
    expect(waiting.nextRetryAt).toBeLessThanOrEqual(Date.now() + 500);

    await vi.advanceTimersByTimeAsync(500); // the second attempt is under way
    expect(session.connection.getState()).toMatchObject({
      status: "reconnecting",
      attempt: 2,
      nextRetryAt: undefined,
    });
    await vi.advanceTimersByTimeAsync(5000);
    expect(session.connection.getState().status).toBe("failed");
    expect(errors).toHaveLength(3);
    expect(broker.connectionCount).toBe(0); // no CONNECT without headers

    const statuses = seen.map((s) => s.status);
    expect(statuses.filter((s) => s === "connecting").length).toBeGreaterThan(0);
    const firstLater = seen.findIndex((s) => s.attempt >= 2);
    expect(seen.slice(firstLater).every((s) => s.status !== "connecting")).toBe(true);
    for (const s of seen)
      if (s.status === "reconnecting" && s.nextRetryAt !== undefined) expect(s.attempt).toBeGreaterThan(0);
    release();
    await flush();
    expect(session.diagnostics().timers).toBe(0);
  });
});
