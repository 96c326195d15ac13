import { backoffDelay, type ResolvedReconnect } from "./backoff";
import { StompConfigError } from "./errors";
import { createRedactor, defaultRedactedHeaders } from "./redact";

/**
 * Where the session connects: one URL, several nodes of a broker cluster (tried in turn), or a function
 * called before each attempt (apps that discover nodes).
 */
export type BrokerURLOption = string | readonly string[] | ((attempt: number) => string);

/** The node chosen for the next attempt, and how long to wait before it (ms). */
export interface NodePlan {
  url: string;
  delay: number;
}

interface NodeState {
  /** Attempts made to this node since it last opened (or since the order was reset). */
  tries: number;
  /** Clock time before which this node is not tried again (its own backoff). */
  readyAt: number;
}

/** Checks a `brokerURL` option: a non-empty string, a non-empty list of them, or a function. */
export function validateBrokerURL(option: unknown): BrokerURLOption | undefined {
  if (option === undefined || typeof option === "function") return option as BrokerURLOption | undefined;
  const list = typeof option === "string" ? [option] : option;
  if (!Array.isArray(list) || list.length === 0) {
    throw new StompConfigError(
      "brokerURL must be a URL, a non-empty list of URLs or a function (attempt) => URL.",
    );
  }
  for (const url of list) {
    if (typeof url !== "string" || url.trim() === "" || /[\r\n\0]/.test(url)) {
      throw new StompConfigError(`brokerURL: every URL must be a non-empty string, got ${JSON.stringify(url)}.`);
    }
  }
  if (new Set(list).size !== list.length) throw new StompConfigError("brokerURL lists a URL twice.");
  return option as BrokerURLOption;
}

const redactQuery = createRedactor([...defaultRedactedHeaders, "password", "passwd", "pass", "secret"]);

/** The URL with its credentials masked: `wss://user:***@host/ws?token=***`. */
export function maskURL(url: string): string {
  return redactQuery(url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:?#]*):[^/@?#]*@/i, "$1:***@"));
}

/**
 * The broker nodes of a session and their backoff. Each node has its own: a node that just failed is
 * not tried again before its delay (a dead node is not hammered), while a node that has not failed is
 * tried at once. After a connect succeeds, every node's backoff is forgotten and the working node comes
 * first. With a single URL this is the session's usual backoff: attempt n waits
 * `backoffDelay(max(1, n) + flaps)`.
 */
export function createBrokerNodes(option: BrokerURLOption | undefined, now: () => number) {
  const fixed = typeof option === "function" ? undefined : typeof option === "string" ? [option] : option;
  let order: string[] = fixed ? [...fixed] : [];
  const nodes = new Map<string, NodeState>();
  const state = (url: string) => {
    let s = nodes.get(url);
    if (!s) nodes.set(url, (s = { tries: 0, readyAt: 0 }));
    return s;
  };
  let last: string | undefined; // the node of the attempt in progress, or of the open connection

  /** The next node in order after `last` that is ready now, else the one ready soonest. */
  function choose(): string {
    const start = last === undefined ? 0 : order.indexOf(last) + 1;
    const rotated = order.map((_, i) => order[(start + i) % order.length]!);
    const t = now();
    const ready = rotated.find((url) => state(url).readyAt <= t);
    if (ready !== undefined) return ready;
    return rotated.reduce((best, url) => (state(url).readyAt < state(best).readyAt ? url : best));
  }

  const fromFunction = (fn: (attempt: number) => string, attempt: number) => {
    const url = fn(attempt);
    if (typeof url !== "string" || url.trim() === "" || /[\r\n\0]/.test(url)) {
      throw new StompConfigError(`brokerURL(${attempt}) returned ${JSON.stringify(url)}, not a URL.`);
    }
    return url;
  };

  return {
    /** More than one node (a list, or a function that may return several). */
    multi: typeof option === "function" || order.length > 1,
    /** The node in use (open) or being tried, if any. */
    get current() {
      return last;
    },
    /**
     * The node for an attempt made now, without waiting (the first one, `reconnect()`, a wake-up): the
     * current node unless it is backing off, else the next ready node in order, else the one ready
     * soonest. A function option is called; it may throw.
     */
    pickNow(attempt: number): string {
      if (typeof option === "function") return fromFunction(option, attempt);
      if (last !== undefined && state(last).readyAt <= now()) return last; // the working node first
      return order.length === 0 ? "" : choose();
    },
    /**
     * After attempt number `failed` (0 = the connection dropped after CONNECTED) failed on the current node:
     * that node backs off on its own, and this picks the node for the next attempt and the wait before it.
     * One node: the session's plain backoff, `backoffDelay(max(1, failed) + flaps)`.
     */
    next(failed: number, policy: ResolvedReconnect, flaps: number, random: () => number): NodePlan {
      if (typeof option !== "function" && order.length <= 1) {
        return { url: order[0] ?? "", delay: backoffDelay(policy, Math.max(1, failed) + flaps, random) };
      }
      if (last !== undefined) {
        const s = state(last);
        s.readyAt = now() + backoffDelay(policy, Math.max(1, s.tries) + flaps, random);
      }
      const url = typeof option === "function" ? fromFunction(option, failed + 1) : choose();
      return { url, delay: Math.max(0, state(url).readyAt - now()) };
    },
    /** An attempt starts on `url`. */
    began(url: string) {
      last = url;
      state(url).tries++;
    },
    /** CONNECTED on the current node: forget every backoff, working node first. */
    succeeded() {
      if (last === undefined) return;
      nodes.clear();
      state(last).tries = 0;
      if (fixed) order = [last, ...fixed.filter((u) => u !== last)];
    },
    /** Per-node state (URLs masked): attempts since it last opened, and when it may be tried again. */
    snapshot: () =>
      [...nodes].map(([url, s]) => ({ url: maskURL(url), tries: s.tries, readyAt: s.readyAt })),
  };
}

export type BrokerNodes = ReturnType<typeof createBrokerNodes>;
