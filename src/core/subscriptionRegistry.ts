import type { IFrame, IMessage } from "@stomp/stompjs";
import { createTimer } from "./clock";
import type { StompConnection } from "./connectionTypes";
import { DEV } from "./dev";
import { StompConfigError } from "./errors";
import { assertHeaderValue, checkAckMode, sanitizeHeaders } from "./headers";
import { INTERNALS, internals } from "./internals";
import { createMessageBuffer, type MessageBuffer, type SubscriptionState } from "./messageBuffer";
import { SubscriptionError } from "./messageErrors";
import type { NotifyScheduler } from "./notifyScheduler";
import {
  deliver as deliverMessage,
  type Entry,
  type MessageListener,
  type Registration,
  refreshShared,
  type SubscribeOptions,
  warnConflicts,
} from "./subscriptionEntry";
import { escapeKeyPart, subscriptionKey } from "./subscriptionKey";
import { createSuspectQueue } from "./suspectQueue";

export type { AckMode, MessageListener, SubscribeOptions } from "./subscriptionEntry";

export interface SubscriptionHandle<T> {
  readonly key: string;
  /** The subscription's state (messages, `last`, `count`, `status`, `error`) as a zustand store. */
  readonly store: MessageBuffer<T>["store"];
  /**
   * This subscriber's latest options (functions, `keep`, `autoAck`, …); the identity (`destination`,
   * `headers`, `ack`, `key`) stays the one the handle was made with.
   */
  setOptions(opts: SubscribeOptions<T>): void;
  /** Removes the listener; the last one unsubscribes after the grace period (`immediate` skips it). */
  release(immediate?: boolean): void;
}

export interface RegistryOptions {
  /** Wait after the last listener leaves before UNSUBSCRIBE, in ms (read at each release). @default 100 */
  unsubscribeDelay(): number | undefined;
  notify: NotifyScheduler;
}

/**
 * Creates the registry of a session; StrictMode re-mounts and list re-orders reuse an entry within
 * the grace period.
 */
export function createSubscriptionRegistry(
  conn: StompConnection,
  options: RegistryOptions,
): SubscriptionRegistry {
  const entries = new Map<string, Entry>();
  const byReceipt = new Map<string, Entry>();
  let counter = 0;
  const deliver = (entry: Entry, frame: IMessage) => deliverMessage(conn, entry, frame);

  const live = (e: Entry) => entries.get(e.key) === e && e.buffer.store.getState().status !== "error";
  const suspects = createSuspectQueue<Entry>(conn, (e) => subscribeFrame(e), live);

  function subscribeFrame(entry: Entry) {
    if (suspects.holds(entry)) return; // after an ambiguous ERROR: re-issued alone, in turn
    const headers: Record<string, string> = { ...entry.headers, id: entry.id, ack: entry.ack };
    if (entry.receipt) {
      const receipt = `${entry.id}-${++counter}`;
      headers.receipt = receipt;
      byReceipt.set(receipt, entry);
      internals(conn).trackReceipt(receipt);
    }
    entry.buffer.setStatus("pending");
    conn.client.subscribe(entry.destination, (frame) => deliver(entry, frame), headers);
    entry.subscribed = true;
    if (!entry.receipt) entry.buffer.setStatus("ready");
  }

  function remove(entry: Entry) {
    entry.grace.stop();
    if (entries.get(entry.key) === entry) entries.delete(entry.key);
    if (entry.subscribed && conn.connected) conn.client.unsubscribe(entry.id);
    entry.subscribed = false;
    entry.buffer.dispose();
  }

  conn.on("connect", () => {
    byReceipt.clear();
    suspects.reset();
    for (const entry of [...entries.values()]) {
      entry.subscribed = false;
      if (entry.refs === 0)
        remove(entry); // released during the outage: not resurrected
      else if (entry.buffer.store.getState().status !== "error") subscribeFrame(entry);
    }
    if (suspects.size > 0) queueMicrotask(suspects.next); // after the outbox's resends are on the wire
  });
  conn.on("disconnect", () => {
    byReceipt.clear();
    suspects.reset();
    for (const entry of entries.values()) {
      entry.subscribed = false;
      if (entry.buffer.store.getState().status === "ready") entry.buffer.setStatus("pending");
    }
  });
  conn.on("unhandledReceipt", (frame: IFrame) => {
    const entry = byReceipt.get(frame.headers["receipt-id"] ?? "");
    if (entry) byReceipt.delete(frame.headers["receipt-id"]!);
    if (entry) suspects.clear(entry);
    entry?.buffer.setStatus("ready");
    suspects.next();
  });
  conn.on("stompError", (frame: IFrame, _error, receiptId, suspectIds) => {
    const bySubscription = frame.headers.subscription;
    const entry =
      byReceipt.get(receiptId ?? "") ??
      (bySubscription ? [...entries.values()].find((e) => e.id === bySubscription) : undefined);
    // Ambiguous: the suspects are re-issued alone after the reconnect.
    if (!entry) return suspects.add(suspectIds.map((id) => byReceipt.get(id)));
    suspects.clear(entry);
    const error = new SubscriptionError(entry.destination, {
      headers: { ...frame.headers },
      body: frame.body,
    });
    entry.buffer.setStatus("error", error);
    internals(conn).emitError(error);
  });

  function resolveKey<T>(destination: string, opts: SubscribeOptions<T>) {
    if (!destination) throw new StompConfigError(DEV && "subscribe needs a destination");
    assertHeaderValue("destination", destination); // CR/LF/NUL: InvalidHeaderError, nothing sent
    const headers = sanitizeHeaders(opts.headers);
    const ack = checkAckMode(opts.ack); // CR/LF/NUL: InvalidHeaderError; not a mode: StompConfigError
    // Data only: a parser, a dedupe function or any other option never changes the identity.
    const base = subscriptionKey(destination, { ...headers, ack });
    return { key: opts.key === undefined ? base : `${base}#${escapeKeyPart(opts.key)}`, headers, ack };
  }

  const registry: SubscriptionRegistry & { [INTERNALS]: RegistryInternals } = {
    [INTERNALS]: {
      keyOf: (destination, opts = {}) => resolveKey(destination, opts).key,
      releaseNow(key) {
        const entry = entries.get(key);
        if (entry && entry.refs === 0) remove(entry);
      },
      view: () => [entries, byReceipt],
    },
    subscribe<T>(
      destination: string,
      opts: SubscribeOptions<T> = {},
      listener?: MessageListener<T>,
    ): SubscriptionHandle<T> {
      const { key, headers, ack } = resolveKey(destination, opts);
      let entry = entries.get(key);
      if (!entry) {
        entry = {
          key,
          id: `sub-${++counter}`,
          destination,
          headers,
          ack,
          receipt: true,
          regs: new Set(),
          refs: 0,
          seen: new Set(),
          buffer: createMessageBuffer(opts.keep ?? 100, options.notify),
          subscribed: false,
          grace: createTimer(conn.clock),
          warned: new Set(),
        };
        entries.set(key, entry);
      }
      const current = entry;
      const reg: Registration = {
        listener: listener as MessageListener<unknown> | undefined,
        opts: opts as SubscribeOptions<unknown>,
      };
      current.grace.stop();
      current.refs++;
      warnConflicts?.(current, reg.opts, internals(conn).log);
      current.regs.add(reg);
      refreshShared(current);
      if (!current.subscribed && conn.connected && current.buffer.store.getState().status !== "error") {
        subscribeFrame(current);
      }
      let released = false;
      return {
        key,
        store: current.buffer.store as MessageBuffer<T>["store"],
        setOptions(next) {
          if (released) return;
          reg.opts = next as SubscribeOptions<unknown>;
          warnConflicts?.(current, reg.opts, internals(conn).log);
          refreshShared(current);
        },
        release(immediate = false) {
          if (released) return;
          released = true;
          current.regs.delete(reg);
          current.refs--;
          refreshShared(current);
          if (current.refs > 0) return;
          const graceMs = options.unsubscribeDelay() ?? 100;
          if (immediate || graceMs === 0) remove(current);
          else current.grace.start(graceMs, () => remove(current));
        },
      };
    },
    state<T>(key: string): SubscriptionState<T> | undefined {
      return entries.get(key)?.buffer.store.getState() as SubscriptionState<T> | undefined;
    },
    diagnostics: () => ({
      entries: entries.size,
      listeners: [...entries.values()].reduce((n, e) => n + [...e.regs].filter((r) => r.listener).length, 0),
      timers: [...entries.values()].filter((e) => e.grace.pending).length,
    }),
  };
  return registry;
}

/**
 * Ref-counted subscriptions: one SUBSCRIBE per key however many listeners, re-issued once on every
 * (re)connect, UNSUBSCRIBE after a short grace (`unsubscribeDelay`). What `useSubscription` reads.
 */
export interface SubscriptionRegistry {
  /**
   * Adds a listener (optional: a handle alone keeps the buffer filling) to the subscription keyed by the
   * destination, its headers, `ack` and `key`. Throws `StompConfigError` for an empty destination and
   * `InvalidHeaderError` for CR, LF or NUL in it or in a header.
   */
  subscribe<T>(
    destination: string,
    opts?: SubscribeOptions<T>,
    listener?: MessageListener<T>,
  ): SubscriptionHandle<T>;
  /** Current state of a key, if it is live. */
  state<T>(key: string): SubscriptionState<T> | undefined;
  /** Live entries, listeners and grace timers (leak checks). */
  diagnostics(): { entries: number; listeners: number; timers: number };
}

/** What `useSubscription` needs beyond the public registry. @internal */
export interface RegistryInternals {
  /** The key a subscription with these options gets (throws like `subscribe`). */
  keyOf<T>(destination: string, opts?: SubscribeOptions<T>): string;
  /** Unsubscribes a key now if nobody holds it (a hook moving to another destination). */
  releaseNow(key: string): void;
  /**
   * The live entries by key and the entries awaiting their SUBSCRIBE's RECEIPT by receipt id, as they
   * are: read only, by `inspectSession` (which maps them, so apps that never inspect pay nothing).
   */
  view(): readonly [ReadonlyMap<string, Entry>, ReadonlyMap<string, Entry>];
}

/** One live subscription as `inspectSession` shows it. */
export interface SubscriptionInspection {
  /** The STOMP subscription id (`sub-3`). */
  id: string;
  destination: string;
  /** Subscribers holding it (0 while it waits out its grace period before UNSUBSCRIBE). */
  refCount: number;
  status: SubscriptionState<unknown>["status"];
  /** Messages held in its buffer (bounded by `keep`). */
  buffered: number;
  /** Messages received since it was created. */
  count: number;
  /** The receipt of its SUBSCRIBE while the broker has not confirmed it. */
  receipt: string | undefined;
}

/** The internals of a registry. @internal */
export const registryInternals = (registry: SubscriptionRegistry): RegistryInternals =>
  (registry as SubscriptionRegistry & { [INTERNALS]: RegistryInternals })[INTERNALS];
