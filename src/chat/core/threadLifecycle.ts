import type { ConnectionState, StompkitError, SubscriptionState } from "stompkit/core";
import type { ChatThreadStatus } from "./types";

/**
 * Where a chat thread is in its life: the one value its `status` is read from ({@link statusOf}).
 *
 * - `run` numbers the mount's work: it goes up on every CONNECTED (a new sync) and on the unmount, so a
 *   relay answer for an older run is stale ({@link isCurrent}).
 * - `loaded`: the first history page was taken (or there is no history, or it failed and the live topic
 *   serves alone). It survives the unmount (the messages do too), so a re-mount gap-fills instead.
 * - The link is up when the connection is open and the live topic subscribed.
 */
export type ThreadLifecycle =
  /** Not mounted: no subscription, no relay. */
  | { readonly phase: "idle"; readonly run: number; readonly loaded: boolean }
  /** Mounted and not live yet since the mount: waiting for the link, the first page, or both (never neither: that is `live`). */
  | { readonly phase: "joining"; readonly run: number; readonly loaded: boolean; readonly linkUp: boolean }
  /** Link up, first page taken. A gap-fill after a reconnect runs in this phase too. */
  | { readonly phase: "live"; readonly run: number }
  /** Was live since the mount; the link is down again (loaded, by then). */
  | { readonly phase: "rejoining"; readonly run: number }
  /** The live topic's subscription or the connection failed; the link coming back leaves this phase. */
  | {
      readonly phase: "failed";
      readonly run: number;
      readonly loaded: boolean;
      readonly wasLive: boolean;
      readonly error: StompkitError | undefined;
    };

export type ThreadPhase = ThreadLifecycle["phase"];

export type ThreadEvent =
  /** The first mount (the count went 0 → 1). */
  | { readonly type: "mount" }
  /** The last release, once its deferred stop runs. */
  | { readonly type: "unmount" }
  /** CONNECTED, or mounted on an open session: a new sync run starts. */
  | { readonly type: "connected" }
  /** Run `run` took the first page (or found no history, or gave up on it). */
  | { readonly type: "loaded"; readonly run: number }
  /** Observations of the connection and the topic ({@link observe}). */
  | { readonly type: "link-up" }
  | { readonly type: "link-down" }
  | { readonly type: "link-failed"; readonly error: StompkitError | undefined };

export const initialLifecycle: ThreadLifecycle = { phase: "idle", run: 0, loaded: false };

/** Whether the first page was taken (`live` and `rejoining` imply it). */
export function isLoaded(state: ThreadLifecycle): boolean {
  return state.phase === "live" || state.phase === "rejoining" || state.loaded;
}

/** Whether work started in `run` may still apply its result: mounted, and no CONNECTED or unmount since. */
export function isCurrent(state: ThreadLifecycle, run: number): boolean {
  return state.phase !== "idle" && state.run === run;
}

export function statusOf(state: ThreadLifecycle): ChatThreadStatus {
  switch (state.phase) {
    case "idle":
      return "idle";
    case "joining":
      return "connecting";
    case "live":
      return "ready";
    case "rejoining":
      return "reconnecting";
    case "failed":
      return "error";
  }
}

/**
 * The link event for what the connection and the live topic say now. A topic error wins over a failed
 * connection; no topic yet (its destination still being resolved) is a link down.
 */
export function observe(
  connection: Pick<ConnectionState, "status" | "lastError">,
  topic: Pick<SubscriptionState<unknown>, "status" | "error"> | undefined,
): ThreadEvent {
  if (topic?.status === "error") return { type: "link-failed", error: topic.error };
  if (connection.status === "failed") return { type: "link-failed", error: connection.lastError };
  if (connection.status === "open" && topic?.status === "ready") return { type: "link-up" };
  return { type: "link-down" };
}

/** Where the link's state leads from a mounted phase, given what the thread has done so far. */
function linked(run: number, loaded: boolean, wasLive: boolean, up: boolean): ThreadLifecycle {
  if (up && loaded) return { phase: "live", run };
  if (wasLive) return { phase: "rejoining", run };
  return { phase: "joining", run, loaded, linkUp: up };
}

/**
 * The thread's transitions, all of them: the next state, or the same object when `event` changes
 * nothing in `state` (ignored). Pure: the store does the effects (subscribe, release, publish).
 */
export function transition(state: ThreadLifecycle, event: ThreadEvent): ThreadLifecycle {
  if (state.phase === "idle")
    return event.type === "mount"
      ? { phase: "joining", run: state.run, loaded: state.loaded, linkUp: false }
      : state;
  const { run } = state;
  const loaded = isLoaded(state);
  const wasLive =
    state.phase === "live" || state.phase === "rejoining" || (state.phase === "failed" && state.wasLive);
  switch (event.type) {
    case "mount":
      return state; // counted by createMountCount: a mounted thread is never mounted again
    case "unmount":
      return { phase: "idle", run: run + 1, loaded };
    case "connected":
      return { ...state, run: run + 1 };
    case "loaded":
      if (event.run !== run || loaded) return state; // stale, or loaded already
      if (state.phase === "failed") return { ...state, loaded: true };
      return state.phase === "joining" ? linked(run, true, false, state.linkUp) : state;
    case "link-failed":
      if (state.phase === "failed" && state.error === event.error) return state;
      return { phase: "failed", run, loaded, wasLive, error: event.error };
    case "link-up":
    case "link-down": {
      const up = event.type === "link-up";
      const next = linked(run, loaded, wasLive, up);
      return same(state, next) ? state : next;
    }
  }
}

function same(a: ThreadLifecycle, b: ThreadLifecycle): boolean {
  if (a.phase !== b.phase || a.run !== b.run) return false;
  if (a.phase !== "joining" || b.phase !== "joining") return true;
  return a.loaded === b.loaded && a.linkUp === b.linkUp;
}
