// Issue 16 §2: the connection's lifecycle is one value; every (phase, event) pair is listed here.
import { ConnectionFailedError } from "stompkit/core";
import {
  type ConnectionLifecycle,
  type ConnectionPhase,
  hasSocket,
  isRunning,
  type LifecycleEvent,
  transition,
} from "../../src/core/connectionLifecycle";

const run = { everConnected: false, failures: 2 };
const error = new ConnectionFailedError(1006, "x");
const states: Record<ConnectionPhase, ConnectionLifecycle> = {
  stopped: { phase: "stopped" },
  stopping: { phase: "stopping" },
  restarting: { phase: "restarting", run },
  attempting: { phase: "attempting", run },
  waiting: { phase: "waiting", run },
  handshaking: { phase: "handshaking", run },
  open: { phase: "open", run },
  cycling: { phase: "cycling", run },
};
const events: Record<LifecycleEvent["type"], LifecycleEvent> = {
  start: { type: "start" },
  stop: { type: "stop" },
  attempt: { type: "attempt" },
  socket: { type: "socket" },
  "attempt-failed": { type: "attempt-failed" },
  connected: { type: "connected" },
  fault: { type: "fault", error },
  cycle: { type: "cycle" },
  close: { type: "close" },
  wait: { type: "wait" },
  healthy: { type: "healthy" },
};

// "=": ignored (the same object comes back). Otherwise the next phase.
type Row = Record<LifecycleEvent["type"], ConnectionPhase | "=">;
const table: Record<ConnectionPhase, Row> = {
  stopped: {
    start: "attempting",
    stop: "=",
    attempt: "=",
    socket: "=",
    "attempt-failed": "=",
    connected: "=",
    fault: "=",
    cycle: "=",
    close: "=",
    wait: "=",
    healthy: "=",
  },
  stopping: {
    start: "restarting",
    stop: "=",
    attempt: "=",
    socket: "=",
    "attempt-failed": "=",
    connected: "=",
    fault: "=",
    cycle: "=",
    close: "stopped",
    wait: "=",
    healthy: "=",
  },
  restarting: {
    start: "=",
    stop: "stopping",
    attempt: "=",
    socket: "=",
    "attempt-failed": "=",
    connected: "=",
    fault: "=",
    cycle: "=",
    close: "attempting",
    wait: "=",
    healthy: "restarting",
  },
  attempting: {
    start: "=",
    stop: "stopped",
    attempt: "attempting",
    socket: "handshaking",
    "attempt-failed": "waiting",
    connected: "=",
    fault: "=",
    cycle: "=",
    close: "=",
    wait: "waiting",
    healthy: "attempting",
  },
  waiting: {
    start: "=",
    stop: "stopped",
    attempt: "attempting",
    socket: "=",
    "attempt-failed": "=",
    connected: "=",
    fault: "=",
    cycle: "=",
    close: "=",
    wait: "waiting",
    healthy: "waiting",
  },
  handshaking: {
    start: "=",
    stop: "stopping",
    attempt: "=",
    socket: "=",
    "attempt-failed": "=",
    connected: "open",
    fault: "handshaking",
    cycle: "cycling",
    close: "waiting",
    wait: "=",
    healthy: "handshaking",
  },
  open: {
    start: "=",
    stop: "stopping",
    attempt: "=",
    socket: "=",
    "attempt-failed": "=",
    connected: "=",
    fault: "open",
    cycle: "cycling",
    close: "waiting",
    wait: "=",
    healthy: "open",
  },
  cycling: {
    start: "=",
    stop: "stopping",
    attempt: "=",
    socket: "=",
    "attempt-failed": "=",
    connected: "=",
    fault: "=",
    cycle: "=",
    close: "attempting",
    wait: "=",
    healthy: "cycling",
  },
};

describe("connection lifecycle transitions", () => {
  const cases = Object.entries(table).flatMap(([phase, row]) =>
    Object.entries(row).map(([event, next]) => [phase, event, next] as const),
  );
  it.each(cases)("%s + %s → %s", (phase, event, next) => {
    const before = states[phase as ConnectionPhase];
    const after = transition(before, events[event as LifecycleEvent["type"]]);
    if (next === "=") expect(after).toBe(before);
    else expect(after.phase).toBe(next);
  });

  it("counts a failure when an open or handshaking socket closes, or an attempt fails before its socket", () => {
    for (const phase of ["open", "handshaking"] as const)
      expect(transition(states[phase], events.close)).toEqual({
        phase: "waiting",
        run: { ...run, failures: 3 },
      });
    expect(transition(states.attempting, events["attempt-failed"])).toMatchObject({ run: { failures: 3 } });
    // closes asked for count nothing
    expect(transition(states.cycling, events.close)).toMatchObject({ run: { failures: 2 } });
    expect(transition(states.restarting, events.close)).toMatchObject({ run: { failures: 2 } });
  });

  it("starts a fresh run, marks it on CONNECTED, and resets failures when healthy", () => {
    expect(transition(states.stopped, events.start)).toEqual({
      phase: "attempting",
      run: { everConnected: false, failures: 0 },
    });
    expect(transition(states.handshaking, events.connected)).toMatchObject({ run: { everConnected: true } });
    expect(transition(states.open, events.healthy)).toMatchObject({ run: { failures: 0 } });
    const healthy = { phase: "open", run: { everConnected: true, failures: 0 } } as const;
    expect(transition(healthy, events.healthy)).toBe(healthy);
  });

  it("keeps the first reason a socket closes for when asked to, and the latest otherwise", () => {
    const first = transition(states.open, events.fault);
    const later = new ConnectionFailedError(1000, "later");
    expect(transition(first, { type: "fault", error: later, keep: true })).toBe(first);
    expect(transition(first, { type: "fault", error: later })).toMatchObject({ error: later });
    expect(transition(transition(states.handshaking, events.fault), events.connected)).toMatchObject({
      error,
    });
  });

  it("knows which phases run and which hold a socket", () => {
    const running = Object.values(states)
      .filter(isRunning)
      .map((s) => s.phase);
    expect(running).toEqual(["restarting", "attempting", "waiting", "handshaking", "open", "cycling"]);
    const withSocket = Object.values(states)
      .filter(hasSocket)
      .map((s) => s.phase);
    expect(withSocket).toEqual(["stopping", "restarting", "handshaking", "open", "cycling"]);
  });
});
