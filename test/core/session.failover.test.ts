// Several broker URLs (a cluster): the session moves to the next node on a failure, backs off per node,
// puts the working node first after a connect, and carries everything over as after any reconnect.
// Two in-memory brokers stand for two nodes; fake timers drive the clock.
import { createStompSession, StompConfigError, type StompSessionOptions } from "stompkit/core";
import { createFakeBroker, type FakeBroker } from "stompkit/testing";
import { flush } from "./helpers";

const A = "wss://mq-a.example/ws";
const B = "wss://mq-b.example/ws";

beforeEach(() => {
  vi.useFakeTimers();
});

/** A session on two fake nodes: the factory opens the node the session picked. */
function cluster(options: Partial<StompSessionOptions> = {}) {
  const a = createFakeBroker();
  const b = createFakeBroker();
  const node: Record<string, FakeBroker> = { [A]: a, [B]: b };
  const opened: string[] = [];
  const errors: unknown[] = [];
  const session = createStompSession({
    brokerURL: [A, B],
    webSocketFactory: (url) => {
      opened.push(url!);
      return (node[url!] ?? a).webSocketFactory();
    },
    heartbeat: { outgoing: 0, incoming: 0 },
    reconnect: { initialDelay: 1000, maxDelay: 8000, minDelay: 10 },
    clock: { setTimeout, clearTimeout, now: Date.now, random: () => 0.5 },
    onError: (e) => errors.push(e),
    ...options,
  });
  return { a, b, session, opened, errors, state: () => session.connection.getState() };
}

describe("brokerURL list", () => {
  it("tries the next node at once when the first one refuses, and shows the node in use in connected.url", async () => {
    const { a, b, session, opened, state } = cluster();
    a.refuseConnections();
    session.mount();
    await flush();
    expect(opened).toEqual([A, B]); // no wait before B: it never failed
    expect(state().status).toBe("open");
    expect(state().connected?.url).toBe(B);
    expect(a.connectionCount).toBe(1);
    expect(b.count("CONNECT")).toBe(1);
  });

  it("moves to the other node when the open connection drops: one SUBSCRIBE, the in-flight receipted send resent once with its key, the outbox flushed after, duplicates kept out by dedupe", async () => {
    const { a, b, session, state } = cluster();
    session.mount();
    await flush();
    expect(state().connected?.url).toBe(A);
    const got: unknown[] = [];
    const handle = session.subscriptions.subscribe("/topic/prices", { dedupe: true }, (m) =>
      got.push(m.body),
    );
    await flush();
    a.publish("/topic/prices", '{"p":1}', { "x-idempotency-key": "k-1", "content-type": "application/json" });
    a.swallowReceipts();
    const inflight = session.send("/queue/orders", { id: 1 }, { receipt: true });
    await flush();
    const key = a.framesOf("SEND")[0]!.headers["x-idempotency-key"];

    a.refuseConnections();
    a.dropAll();
    const queued = session.send("/queue/orders", { id: 2 }, { receipt: true }); // made while moving
    await flush();
    expect(state().status).toBe("open");
    expect(state().connected?.url).toBe(B);
    const commands = b.frames.filter((f) => f.direction === "in").map((f) => f.command);
    expect(commands).toEqual(["CONNECT", "SUBSCRIBE", "SEND", "SEND"]);
    const sends = b.framesOf("SEND");
    expect(sends.map((f) => f.body)).toEqual(['{"id":1}', '{"id":2}']);
    expect(sends[0]!.headers["x-idempotency-key"]).toBe(key);
    await expect(inflight).resolves.toMatchObject({ idempotencyKey: key });
    await expect(queued).resolves.toBeDefined();
    expect(b.framesOf("SUBSCRIBE")).toHaveLength(1);

    b.publish("/topic/prices", '{"p":1}', { "x-idempotency-key": "k-1", "content-type": "application/json" });
    b.publish("/topic/prices", '{"p":2}', { "x-idempotency-key": "k-2", "content-type": "application/json" });
    await flush();
    expect(got).toEqual([{ p: 1 }, { p: 2 }]);
    expect(handle.store.getState().status).toBe("ready");
  });

  it("backs off per node: a dead node is not hammered, and the node that comes back is used", async () => {
    const { a, b, session, opened, state } = cluster();
    a.refuseConnections();
    b.refuseConnections();
    session.mount();
    await flush();
    // A failed, B at once, failed: both wait their own delay (random 0.5: 505 ms for a first failure)
    expect(opened).toEqual([A, B]);
    expect(state().status).toBe("reconnecting");
    expect(state().nextRetryAt! - Date.now()).toBe(505);
    await vi.advanceTimersByTimeAsync(20_000);
    const times = (url: string) => opened.filter((u) => u === url).length;
    // each node's delays grow 505, 1005, 2005, 4005, 4005 … from its own failures: ~7 attempts in 20 s,
    // not one per 10 ms; the two nodes alternate
    expect(times(A)).toBeLessThanOrEqual(8);
    expect(times(B)).toBeLessThanOrEqual(8);
    expect(Math.abs(times(A) - times(B))).toBeLessThanOrEqual(1);
    for (let i = 1; i < opened.length; i++) expect(opened[i]).not.toBe(opened[i - 1]);

    b.refuseConnections(false);
    const retryAt = state().nextRetryAt!;
    await vi.advanceTimersByTimeAsync(8000 + 10);
    expect(state().status).toBe("open");
    expect(state().connected?.url).toBe(B);
    expect(retryAt).toBeGreaterThan(0);
  });

  it("puts the working node first after a connect: reconnect() stays on it, and after it drops the other node is tried at once", async () => {
    const { a, b, session, opened, state } = cluster();
    a.refuseConnections();
    session.mount();
    await flush();
    expect(state().connected?.url).toBe(B);
    a.refuseConnections(false);

    session.reconnect();
    await flush();
    expect(opened).toEqual([A, B, B]); // B first now, though A is listed first
    expect(state().connected?.url).toBe(B);

    b.refuseConnections();
    b.dropAll();
    await flush();
    expect(opened).toEqual([A, B, B, A]); // A's old failure was forgotten at the connect: at once
    expect(state().connected?.url).toBe(A);
    expect(state().connectCount).toBe(3);
  });

  it("calls a brokerURL function before each attempt with the attempt number, and backs off per URL it returns", async () => {
    const pick = vi.fn((attempt: number) => (attempt % 2 === 1 ? A : B));
    const { a, session, opened, state } = cluster({ brokerURL: pick });
    a.refuseConnections();
    session.mount();
    await flush();
    expect(pick.mock.calls.map(([n]) => n)).toEqual([1, 2]);
    expect(opened).toEqual([A, B]);
    expect(state().connected?.url).toBe(B);
  });

  it("reports a brokerURL function that throws or returns no URL, then retries it with backoff", async () => {
    let calls = 0;
    const { session, opened, errors, state } = cluster({
      brokerURL: () => {
        calls++;
        if (calls === 1) throw new Error("service discovery is down");
        if (calls === 2) return "" as string;
        return B;
      },
    });
    session.mount();
    await flush();
    expect(opened).toEqual([]);
    expect((errors[0] as Error).message).toContain("service discovery is down");
    expect(state().status).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(505);
    expect(errors[1]).toBeInstanceOf(StompConfigError);
    await vi.advanceTimersByTimeAsync(1005);
    expect(opened).toEqual([B]);
    expect(state().status).toBe("open");
  });

  it("gives a connectHeaders function the attempt and the node, for per-node credentials", async () => {
    const contexts: unknown[] = [];
    const { a, b, session } = cluster({
      connectHeaders: (context) => {
        contexts.push(context);
        return { login: context.url === A ? "user-a" : "user-b", passcode: "p" };
      },
    });
    a.refuseConnections();
    session.mount();
    await flush();
    expect(contexts).toEqual([
      { attempt: 1, url: A },
      { attempt: 2, url: B },
    ]);
    expect(a.framesOf("CONNECT")[0]?.headers.login ?? "refused").toBe("refused");
    expect(b.framesOf("CONNECT")[0]!.headers.login).toBe("user-b");
  });

  it("masks credentials of the node in connected.url and in debug lines", async () => {
    const secretA = "wss://bob:s3cr3t@mq-a.example/ws?token=t0k3n";
    const lines: string[] = [];
    const broker = createFakeBroker();
    const session = createStompSession({
      brokerURL: [secretA, B],
      webSocketFactory: () => broker.webSocketFactory(),
      heartbeat: { outgoing: 0, incoming: 0 },
      debug: (line) => lines.push(line),
    });
    session.mount();
    await flush();
    expect(session.connection.getState().connected?.url).toBe("wss://bob:***@mq-a.example/ws?token=***");
    const all = lines.join("\n") + JSON.stringify(session.connection.getState());
    expect(all).not.toContain("s3cr3t");
    expect(all).not.toContain("t0k3n");
  });

  it("shows `reconnecting` with the next retry time while every node is down, then `open` on the one that comes back", async () => {
    const { a, b, session, state } = cluster();
    session.mount();
    await flush();
    a.refuseConnections();
    b.refuseConnections();
    a.dropAll();
    await flush();
    // A dropped, B tried at once and refused: both back off, the session says when it tries next
    expect(state()).toMatchObject({ status: "reconnecting", attempt: 1 });
    expect(state().nextRetryAt! - Date.now()).toBe(505);
    expect(b.connectionCount).toBe(1);
    b.refuseConnections(false);
    // the next retry goes to A (ready first, still down), then to B at once (its delay is over): open on B
    await vi.advanceTimersByTimeAsync(505);
    expect(state().status).toBe("reconnecting");
    expect(state().nextRetryAt).toBe(Date.now());
    await vi.advanceTimersByTimeAsync(1); // a 0 ms timer
    expect(state().status).toBe("open");
    expect(state().connected?.url).toBe(B);
    expect(a.connectionCount).toBe(2);
  });

  it("rejects a bad list with a StompConfigError that shows no URL", () => {
    const factory = () => createFakeBroker().webSocketFactory();
    for (const brokerURL of [[], [A, A], [A, ""], [A, 42], ["wss://u:pw@x.example/ws", "ftp://y"], 7, {}]) {
      let error: unknown;
      try {
        createStompSession({ brokerURL: brokerURL as never });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StompConfigError);
      expect(String((error as Error).message)).not.toContain("pw");
    }
    expect(() =>
      createStompSession({ brokerURL: ["http://a.example/sockjs"], webSocketFactory: factory }),
    ).not.toThrow();
  });

  it("keeps one URL's plain backoff exactly (the list code is not in the way)", async () => {
    const broker = createFakeBroker();
    broker.refuseConnections();
    const opened: (string | undefined)[] = [];
    const session = createStompSession({
      brokerURL: A,
      webSocketFactory: (url) => {
        opened.push(url);
        return broker.webSocketFactory();
      },
      heartbeat: { outgoing: 0, incoming: 0 },
      reconnect: { initialDelay: 1000, maxDelay: 8000, minDelay: 10 },
      clock: { setTimeout, clearTimeout, now: Date.now, random: () => 0.5 },
    });
    session.mount();
    await flush();
    for (const delay of [505, 1005, 2005, 4005, 4005]) {
      expect(session.connection.getState().nextRetryAt! - Date.now()).toBe(delay);
      await vi.advanceTimersByTimeAsync(delay);
    }
    expect(opened).toEqual(Array(6).fill(A));
  });
});
