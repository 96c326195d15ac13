import { backoffDelay, type ResolvedReconnect } from "./backoff";
import { DEV } from "./dev";
import { ConnectionFailedError, StompConfigError, StompkitError } from "./errors";

/**
 * Where the session connects: one URL, the nodes of a broker cluster (tried in turn), or a function
 * called before each attempt with its number (apps that discover nodes).
 */
export type BrokerURLOption = string | readonly string[] | ((attempt: number) => string);

/** The node chosen for the next attempt, and how long to wait before it (ms). */
export interface NodePlan {
  url: string;
  delay: number;
}

interface NodeState {
  /** Failed attempts (or dropped connections) in a row on this node; reset once a connection is healthy. */
  failures: number;
  /** Clock time before which this node is not tried again: its own backoff. */
  readyAt: number;
}

/** The URLs a `brokerURL` option names up front (none for a function). */
export const listedURLs = (option: BrokerURLOption | undefined): readonly string[] =>
  typeof option === "string" ? [option] : Array.isArray(option) ? option : [];

/** Checks the shape of a `brokerURL` list (each URL is checked by the caller); never shows a URL. */
export function checkBrokerURLList(option: unknown): void {
  if (!Array.isArray(option)) return;
  if (option.length === 0) throw new StompConfigError(DEV && "url must not be an empty list.");
  if (option.some((url) => typeof url !== "string" || url === ""))
    throw new StompConfigError(DEV && "url: every entry of the list must be a non-empty URL string.");
  if (new Set(option).size !== option.length) throw new StompConfigError(DEV && "url lists a URL twice.");
}

/**
 * The broker nodes of a session and their backoff. Each node has its own: a node that just failed is
 * not tried again before its delay (a dead node is not hammered), a node that has not failed is tried
 * at once. A connect puts the working node first and makes the others eligible at once again; once the
 * connection is healthy its backoff is forgotten too. With a single URL this is exactly the session's
 * plain backoff: `backoffDelay(failures)`.
 */
export function createBrokerNodes(option: () => BrokerURLOption | undefined, now: () => number) {
  let first: string | undefined; // the node that last connected: it goes first while it is listed
  // Read on each use: configure() (a re-render with an inline list) changes the option, not this state.
  const ordered = () => {
    const listed = listedURLs(option());
    return first !== undefined && listed.includes(first)
      ? [first, ...listed.filter((u) => u !== first)]
      : listed;
  };
  const nodes = new Map<string, NodeState>();
  const state = (url: string) => {
    const s = nodes.get(url) ?? { failures: 0, readyAt: 0 };
    nodes.set(url, s);
    return s;
  };
  let current: string | undefined; // the node of the attempt in progress, or of the open connection

  const ask = (fn: (attempt: number) => string, attempt: number) => {
    const url = fn(attempt);
    if (typeof url !== "string" || url === "" || /[\r\n\0]/.test(url))
      throw new StompConfigError(DEV && `url(${attempt}) returned ${typeof url}, not a URL string.`);
    return url;
  };

  /** From the node after `current` on (or the first), the first ready now, else the one ready soonest. */
  function choose(): string {
    const order = ordered();
    const start = current === undefined ? 0 : order.indexOf(current) + 1;
    const rotated = order.map((_, i) => order[(start + i) % order.length]!);
    const t = now();
    return (
      rotated.find((url) => state(url).readyAt <= t) ??
      rotated.reduce((best, url) => (state(url).readyAt < state(best).readyAt ? url : best))
    );
  }

  return {
    /** The node in use (open) or being tried, if any. */
    get current() {
      return current;
    },
    /**
     * The node for an attempt made now, without waiting (the first one, `reconnect()`, a wake-up): the
     * current node unless it is backing off, else as `next` would pick. A function option is called
     * (it may throw a StompConfigError, or whatever it throws).
     */
    pickNow(attempt: number): string {
      const fn = option();
      if (typeof fn === "function") return ask(fn, attempt);
      if (ordered().length === 0) return "";
      if (current !== undefined && state(current).readyAt <= now()) return current;
      return choose();
    },
    /**
     * The attempt on (or the connection to) the current node failed: it backs off on its own
     * (`backoffDelay` of its failures in a row). Returns the node for attempt number `attempt` and the
     * wait before it: the next node in order that is ready now (no wait), else the one ready soonest.
     * One URL: that URL after the session's plain backoff, `backoffDelay(max(1, failures))`.
     */
    next(attempt: number, failures: number, policy: ResolvedReconnect, random: () => number): NodePlan {
      const fn = option();
      const order = typeof fn === "function" ? [] : ordered();
      if (typeof fn !== "function" && order.length <= 1)
        return { url: order[0] ?? "", delay: backoffDelay(policy, Math.max(1, failures), random) };
      if (current !== undefined) {
        const s = state(current);
        s.failures++;
        s.readyAt = now() + backoffDelay(policy, s.failures, random);
      }
      const url = typeof fn === "function" ? ask(fn, attempt) : choose();
      return { url, delay: Math.max(0, state(url).readyAt - now()) };
    },
    /**
     * The node of the attempt about to start (`planned` by `next`, else `pickNow`), now current;
     * undefined without `brokerURL` (a `webSocketFactory` alone). Throws what a brokerURL function throws.
     */
    begin(attempt: number, planned: string | undefined): string | undefined {
      if (option() === undefined) return undefined;
      const url = planned ?? this.pickNow(attempt);
      current = url;
      return url;
    },
    /** `next`, never throwing: a brokerURL function's failure comes back as `error`, with the plain backoff. */
    schedule(attempt: number, failures: number, policy: ResolvedReconnect, random: () => number) {
      try {
        const { url, delay } = this.next(attempt, failures, policy, random);
        return { url: url || undefined, delay, error: undefined };
      } catch (cause) {
        const delay = backoffDelay(policy, Math.max(1, failures), random);
        return { url: undefined, delay, error: toStompkitError(cause) };
      }
    },
    /** CONNECTED on the current node: it goes first; the others may be tried at once again. */
    connected() {
      if (current === undefined) return;
      const s = state(current);
      nodes.clear();
      nodes.set(current, s);
      first = current;
    },
    /** The connection stayed open long enough (or the app asked for a fresh start): forget all backoff. */
    reset() {
      nodes.clear();
    },
  };
}

export type BrokerNodes = ReturnType<typeof createBrokerNodes>;

/** A brokerURL function's failure as a typed error (a StompConfigError for a result that is no URL). */
export const toStompkitError = (cause: unknown): StompkitError =>
  cause instanceof StompkitError
    ? cause
    : new ConnectionFailedError(undefined, DEV && `url failed: ${String(cause)}`, { cause });
