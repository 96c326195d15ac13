import type { IFrame, IMessage } from "@stomp/stompjs";
import { createTimer } from "./clock";
import type { StompConnection } from "./connectionTypes";
import { StompkitError, SubscriptionError } from "./errors";
import { assertHeaderValue, sanitizeHeaders } from "./headers";
import { createMessageBuffer, type MessageBuffer, type SubscriptionState } from "./messageBuffer";
import type { NotifyScheduler } from "./notifyScheduler";
import type { BodyParser } from "./parseBody";
import { type StompMessage, toStompMessage } from "./stompMessage";
import { subscriptionKey } from "./subscriptionKey";
import { createSuspectQueue } from "./suspectQueue";

export type AckMode = "auto" | "client" | "client-individual";

export interface SubscribeOptions<T> {
  /** SUBSCRIBE headers (part of the key: `selector`, `durable`, `x-queue-name`, …). */
  headers?: Record<string, string>;
  /** @default "auto" */
  ack?: AckMode;
  /** @default "json" (safe: no prototype pollution). A function is part of the key: define it outside render. */
  parse?: BodyParser<T>;
  /** Messages kept in the buffer (the largest asked for on one key wins). @default 100 */
  keep?: number;
  /** Ask for a RECEIPT to SUBSCRIBE: status is `pending` until it arrives, and an ERROR naming it fails only this subscription. @default true */
  receipt?: boolean;
  /** With `client` acks: ACK when the listeners return, NACK when one throws. @default true */
  autoAck?: boolean;
  /**
   * Drop a message seen before (a broker redelivery, or a send resent after a reconnect): `true` keys by
   * the `x-idempotency-key` header, else `message-id`; a function returns your own key. Duplicates are
   * ACKed (client acks) and reach neither listeners nor the buffer. @default false
   */
  dedupe?: boolean | ((message: StompMessage<T>) => string | undefined);
}

/** Keys remembered for `dedupe`, at least: a window far longer than any redelivery burst. */
const DEDUPE_WINDOW = 1000;
const none: never[] = [];
const defaultDedupeKey = (m: StompMessage<unknown>) => m.headers["x-idempotency-key"] ?? (m.id || undefined);

export type MessageListener<T> = (message: StompMessage<T>) => void;

export interface SubscriptionHandle<T> {
  readonly key: string;
  readonly store: MessageBuffer<T>["store"];
  /** Removes the listener; the last one unsubscribes after the grace period (`immediate` skips it). */
  release(immediate?: boolean): void;
}

interface Entry {
  key: string;
  id: string;
  destination: string;
  headers: Record<string, string>;
  ack: AckMode;
  parser: BodyParser<unknown>;
  receipt: boolean;
  autoAck: boolean;
  dedupe: ((message: StompMessage<unknown>) => string | undefined) | undefined;
  seen: Set<string>;
  listeners: Set<MessageListener<unknown>>;
  refs: number;
  buffer: MessageBuffer<unknown>;
  subscribed: boolean;
  grace: ReturnType<typeof createTimer>;
}

export interface RegistryOptions {
  /** Wait after the last listener leaves before UNSUBSCRIBE, in ms. @default 100 */
  unsubscribeDelay?: number;
  notify: NotifyScheduler;
}

/**
 * Ref-counted subscriptions: one SUBSCRIBE per key however many listeners, re-issued once on every
 * (re)connect, UNSUBSCRIBE after a short grace so StrictMode re-mounts and list re-orders reuse it.
 */
export function createSubscriptionRegistry(conn: StompConnection, options: RegistryOptions) {
  const entries = new Map<string, Entry>();
  const byReceipt = new Map<string, Entry>();
  const parserIds = new WeakMap<object, number>();
  const graceMs = options.unsubscribeDelay ?? 100;
  let counter = 0;

  const parserTag = (parser: BodyParser<unknown>) => {
    if (typeof parser === "string") return parser;
    let id = parserIds.get(parser);
    if (id === undefined) {
      id = ++counter;
      parserIds.set(parser, id);
    }
    return `fn${id}`;
  };

  const live = (e: Entry) => entries.get(e.key) === e && e.buffer.store.getState().status !== "error";
  const suspects = createSuspectQueue<Entry>(conn, (e) => subscribeFrame(e), live);

  function subscribeFrame(entry: Entry) {
    if (suspects.holds(entry)) return; // after an ambiguous ERROR: re-issued alone, in turn
    const headers: Record<string, string> = { ...entry.headers, id: entry.id, ack: entry.ack };
    if (entry.receipt) {
      const receipt = `${entry.id}-${++counter}`;
      headers.receipt = receipt;
      byReceipt.set(receipt, entry);
      conn.trackReceipt(receipt);
    }
    entry.buffer.setStatus("pending");
    conn.client.subscribe(entry.destination, (frame) => deliver(entry, frame), headers);
    entry.subscribed = true;
    if (!entry.receipt) entry.buffer.setStatus("ready");
  }

  function deliver(entry: Entry, frame: IMessage) {
    const generation = conn.connection.getState().connectCount;
    const message = toStompMessage(frame, {
      destination: entry.destination,
      parser: entry.parser,
      ack: entry.ack,
      receivedAt: conn.clock.now(),
      // An ACK only makes sense on the connection the message came on.
      canSettle: () => conn.connected && conn.connection.getState().connectCount === generation,
    });
    if (message.parseError) conn.emitError(message.parseError); // onError hears about bodies that did not parse
    const settle = (nack: boolean) => (nack ? message.nack() : message.ack());
    const dedupeKey = entry.dedupe?.(message);
    if (dedupeKey !== undefined) {
      if (entry.seen.has(dedupeKey)) {
        conn.log(`dropped a duplicate of ${dedupeKey} on ${entry.destination}`);
        try {
          message.ack(); // already handled once: settle it so the broker stops redelivering (no-op for auto)
        } catch (error) {
          conn.log(String(error));
        }
        return;
      }
      entry.seen.add(dedupeKey);
      if (entry.seen.size > Math.max(DEDUPE_WINDOW, entry.buffer.keep)) {
        entry.seen.delete(entry.seen.values().next().value as string);
      }
    }
    let threw = false;
    for (const listener of entry.listeners.size ? [...entry.listeners] : none) {
      try {
        listener(message);
      } catch (error) {
        threw = true;
        conn.emitError(
          new StompkitError("HANDLER_ERROR", `onMessage for ${entry.destination} threw: ${String(error)}`, {
            cause: error,
          }),
        );
      }
    }
    if (entry.autoAck && entry.ack !== "auto") {
      try {
        settle(threw);
      } catch (error) {
        conn.log(String(error));
      }
    }
    entry.buffer.push(message);
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
    conn.emitError(error);
  });

  function resolveKey<T>(destination: string, opts: SubscribeOptions<T>) {
    if (!destination) throw new StompkitError("CONFIG", "subscribe needs a destination.");
    assertHeaderValue("destination", destination); // CR/LF/NUL: InvalidHeaderError, nothing sent
    const headers = sanitizeHeaders(opts.headers);
    const ack = opts.ack ?? "auto";
    const parser = (opts.parse ?? "json") as BodyParser<unknown>;
    return {
      key: `${subscriptionKey(destination, { ...headers, ack })}#${parserTag(parser)}`,
      headers,
      ack,
      parser,
    };
  }

  return {
    /** The key a subscription with these options gets (throws `InvalidHeaderError` like `subscribe`). */
    keyOf: <T>(destination: string, opts: SubscribeOptions<T> = {}) => resolveKey(destination, opts).key,
    subscribe<T>(
      destination: string,
      opts: SubscribeOptions<T> = {},
      listener?: MessageListener<T>,
    ): SubscriptionHandle<T> {
      const { key, headers, ack, parser } = resolveKey(destination, opts);
      let entry = entries.get(key);
      if (!entry) {
        entry = {
          key,
          id: `sub-${++counter}`,
          destination,
          headers,
          ack,
          parser,
          receipt: opts.receipt ?? true,
          autoAck: opts.autoAck ?? true,
          dedupe:
            opts.dedupe === true
              ? defaultDedupeKey
              : (opts.dedupe as ((m: StompMessage<unknown>) => string | undefined) | undefined) || undefined,
          seen: new Set(),
          listeners: new Set(),
          refs: 0,
          buffer: createMessageBuffer(opts.keep ?? 100, options.notify),
          subscribed: false,
          grace: createTimer(conn.clock),
        };
        entries.set(key, entry);
      }
      const current = entry;
      current.grace.stop();
      current.refs++;
      current.buffer.setKeep(opts.keep ?? 100);
      if (listener) current.listeners.add(listener as MessageListener<unknown>);
      if (!current.subscribed && conn.connected && current.buffer.store.getState().status !== "error") {
        subscribeFrame(current);
      }
      let released = false;
      return {
        key,
        store: current.buffer.store as MessageBuffer<T>["store"],
        release(immediate = false) {
          if (released) return;
          released = true;
          if (listener) current.listeners.delete(listener as MessageListener<unknown>);
          current.refs--;
          if (current.refs > 0) return;
          if (immediate || graceMs === 0) remove(current);
          else current.grace.start(graceMs, () => remove(current));
        },
      };
    },
    /** Unsubscribes a key now if nobody holds it (a hook moving to another destination). */
    releaseNow(key: string) {
      const entry = entries.get(key);
      if (entry && entry.refs === 0) remove(entry);
    },
    /** Current state of a key, if live. */
    state<T>(key: string): SubscriptionState<T> | undefined {
      return entries.get(key)?.buffer.store.getState() as SubscriptionState<T> | undefined;
    },
    diagnostics: () => ({
      entries: entries.size,
      listeners: [...entries.values()].reduce((n, e) => n + e.listeners.size, 0),
      timers: [...entries.values()].filter((e) => e.grace.pending).length,
    }),
  };
}

export type SubscriptionRegistry = ReturnType<typeof createSubscriptionRegistry>;
