import type { StompkitError } from "./errors";

/** What one `start()` (first mount) to `stop()` (last release) has seen: drives backoff and `connecting`. */
export interface ConnectionRun {
  /** CONNECTED was received at least once in this run (later attempts are `reconnecting`). */
  everConnected: boolean;
  /** Attempts in a row that did not give a healthy connection: drive backoff and `maxAttempts`. */
  failures: number;
}

/**
 * Where the connection is in its life: one value instead of a set of flags. The phases:
 * - `stopped`: not mounted, no socket. `stopping`: released; the socket closes (DISCONNECT, or forced).
 * - `restarting`: mounted again while the released socket still closes; stompjs starts the next attempt.
 * - `attempting`: before a socket (brokerURL and connectHeaders resolving). `waiting`: between attempts
 *   (retry timer, offline, or failed for good until `reconnect()`).
 * - `handshaking`: the socket is up, CONNECT sent, no CONNECTED yet. `open`: CONNECTED.
 * - `cycling`: `reconnect()` (or a retry) closes the socket on purpose; the next attempt starts on close.
 * `error` is why a handshaking or open socket is about to close (ERROR frame, lost heart-beat, bad
 * frame, connect timeout), reported when it does.
 */
export type ConnectionLifecycle =
  | { phase: "stopped" }
  | { phase: "stopping" }
  | { phase: "restarting"; run: ConnectionRun }
  | { phase: "attempting"; run: ConnectionRun }
  | { phase: "waiting"; run: ConnectionRun }
  | { phase: "handshaking"; run: ConnectionRun; error?: StompkitError }
  | { phase: "open"; run: ConnectionRun; error?: StompkitError }
  | { phase: "cycling"; run: ConnectionRun };

export type ConnectionPhase = ConnectionLifecycle["phase"];

export type LifecycleEvent =
  /** First mount. */
  | { type: "start" }
  /** Last release (after the deferred stop). */
  | { type: "stop" }
  /** stompjs begins an attempt (`beforeConnect`). */
  | { type: "attempt" }
  /** The attempt's headers are ready: the socket opens now. */
  | { type: "socket" }
  /** The attempt could not open a socket (connectHeaders or brokerURL failed): one failure. */
  | { type: "attempt-failed" }
  /** CONNECTED. */
  | { type: "connected" }
  /** The socket must close because of `error`; `keep`: an earlier reason stays (it explains more). */
  | { type: "fault"; error: StompkitError; keep?: boolean }
  /** A retry now, while a socket is up: close it on purpose. */
  | { type: "cycle" }
  /** The socket closed. */
  | { type: "close" }
  /** No socket and no attempt under way: waiting for a retry (or offline, or failed). */
  | { type: "wait" }
  /** Open long enough to count as healthy, or `reconnect()`: the failures in a row start again from 0. */
  | { type: "healthy" };

const runOf = (life: ConnectionLifecycle): ConnectionRun | undefined =>
  "run" in life ? life.run : undefined;

/** Mounted (between start and stop). */
export const isRunning = (life: ConnectionLifecycle) => runOf(life) !== undefined;

/** A socket exists (opening, open or closing). */
export const hasSocket = (life: ConnectionLifecycle) =>
  life.phase === "stopping" ||
  life.phase === "restarting" ||
  life.phase === "handshaking" ||
  life.phase === "open" ||
  life.phase === "cycling";

/**
 * The one place the lifecycle changes. Pure: returns the next value (the same object when `event`
 * does not apply in this phase). Counters change with it: a socket that closes without a reason asked
 * for, and an attempt that fails before its socket, count one failure; CONNECTED marks the run.
 */
export function transition(life: ConnectionLifecycle, event: LifecycleEvent): ConnectionLifecycle {
  const run = runOf(life);
  switch (event.type) {
    case "start":
      if (life.phase === "stopped")
        return { phase: "attempting", run: { everConnected: false, failures: 0 } };
      if (life.phase === "stopping")
        return { phase: "restarting", run: { everConnected: false, failures: 0 } };
      return life;
    case "stop":
      if (!run) return life;
      return hasSocket(life) ? { phase: "stopping" } : { phase: "stopped" };
    case "attempt":
      return run && !hasSocket(life) ? { phase: "attempting", run } : life;
    case "socket":
      return life.phase === "attempting" ? { phase: "handshaking", run: life.run } : life;
    case "attempt-failed":
      return life.phase === "attempting"
        ? { phase: "waiting", run: { ...life.run, failures: life.run.failures + 1 } }
        : life;
    case "connected":
      return life.phase === "handshaking"
        ? { phase: "open", run: { ...life.run, everConnected: true }, error: life.error }
        : life;
    case "fault":
      if (life.phase !== "handshaking" && life.phase !== "open") return life;
      return event.keep && life.error ? life : { ...life, error: event.error };
    case "cycle":
      return life.phase === "handshaking" || life.phase === "open"
        ? { phase: "cycling", run: life.run }
        : life;
    case "close":
      if (life.phase === "stopping") return { phase: "stopped" };
      if (life.phase === "restarting" || life.phase === "cycling")
        return { phase: "attempting", run: life.run };
      if (life.phase === "handshaking" || life.phase === "open")
        return { phase: "waiting", run: { ...life.run, failures: life.run.failures + 1 } };
      return life;
    case "wait":
      return life.phase === "attempting" || life.phase === "waiting"
        ? { phase: "waiting", run: life.run }
        : life;
    case "healthy":
      return "run" in life && life.run.failures > 0 ? { ...life, run: { ...life.run, failures: 0 } } : life;
  }
}
