import type { IMessage } from "@stomp/stompjs";
import type { createTimer } from "./clock";
import type { StompConnection } from "./connectionTypes";
import { DEV } from "./dev";
import { internals } from "./internals";
import type { MessageBuffer } from "./messageBuffer";
import { AckFailedError, HandlerError } from "./messageErrors";
import type { BodyParser } from "./parseBody";
import { type StompMessage, toStompMessage } from "./stompMessage";

export type AckMode = "auto" | "client" | "client-individual";

export type MessageListener<T> = (message: StompMessage<T>) => void;

/**
 * Options of one subscriber. Only DATA makes the identity of a subscription (its key): `destination`,
 * `headers`, `ack` and an explicit `key`. Everything else — functions included — may change on every
 * call without a new SUBSCRIBE. When several subscribers share a key and disagree:
 * - `autoAck` and the listener are per subscriber (see `autoAck`);
 * - `keep`: the largest asked for by a live subscriber;
 * - `parse`, `dedupe`, `receipt`: the first live subscriber's value, and a development-only
 *   `console.warn` names the disagreement (two functions cannot be told apart: pass `key` when they differ).
 */
export interface SubscribeOptions<T> {
  /** SUBSCRIBE headers (part of the key: `selector`, `durable`, `x-queue-name`, …). */
  headers?: Record<string, string>;
  /** @default "auto" */
  ack?: AckMode;
  /**
   * An explicit part of the key: subscribers with different `key`s get separate subscriptions (and
   * buffers) even for the same destination and headers — e.g. because they parse differently.
   */
  key?: string;
  /**
   * @default "json" (safe: no prototype pollution). Not part of the key: an inline function is fine
   * (the latest one is used; messages already buffered are not parsed again).
   */
  parse?: BodyParser<T>;
  /** Messages kept in the buffer (the largest asked for by a live subscriber wins). @default 100 */
  keep?: number;
  /** Ask for a RECEIPT to SUBSCRIBE: status is `pending` until it arrives, and an ERROR naming it fails only this subscription. @default true */
  receipt?: boolean;
  /**
   * With `client` acks: ACK when this subscriber's listener returns, NACK when it throws. Per
   * subscriber: with `false`, this subscriber calls `message.ack()` itself, and the ACK goes on the
   * wire once every subscriber with `autoAck: false` has called it (a NACK goes at once). @default true
   */
  autoAck?: boolean;
  /**
   * Drop a message seen before (a broker redelivery, or a send resent after a reconnect): `true` keys by
   * the `x-idempotency-key` header, else `message-id`; a function returns your own key. Duplicates are
   * ACKed (client acks) and reach neither listeners nor the buffer. @default false
   */
  dedupe?: boolean | ((message: StompMessage<T>) => string | undefined);
}

/** One subscriber on an entry: its listener and its latest options. */
export interface Registration {
  listener: MessageListener<unknown> | undefined;
  opts: SubscribeOptions<unknown>;
}

/** One live subscription (one key, one SUBSCRIBE) shared by its registrations. */
export interface Entry {
  key: string;
  id: string;
  destination: string;
  headers: Record<string, string>;
  ack: AckMode;
  /** From the first live registration; read when SUBSCRIBE is sent. */
  receipt: boolean;
  regs: Set<Registration>;
  refs: number;
  seen: Set<string>;
  buffer: MessageBuffer<unknown>;
  subscribed: boolean;
  grace: ReturnType<typeof createTimer>;
  /** Options already warned about (once per entry). */
  warned: Set<string>;
}

/** Keys remembered for `dedupe`, at least: a window far longer than any redelivery burst. */
const DEDUPE_WINDOW = 1000;
const DEFAULT_KEEP = 100;
const defaultDedupeKey = (m: StompMessage<unknown>) => m.headers["x-idempotency-key"] ?? (m.id || undefined);

/** Options of subscribers that adopt the subscription as the others made it (another tab's: `asRelay`). */
const relays = new WeakSet<object>();
/**
 * Marks `opts` as a relay's (the leader tab serving another tab's subscriber): it reads `raw` only, so
 * it never decides `parse`, `dedupe` or `receipt` while an ordinary subscriber is there, and is never
 * warned about. Alone on a subscription it stands for one that parses nothing. @internal
 */
export function asRelay<T>(opts: SubscribeOptions<T>): SubscribeOptions<T> {
  relays.add(opts);
  return opts;
}
const RELAY_ONLY: SubscribeOptions<unknown> = { parse: "raw" };

const lead = (entry: Entry): SubscribeOptions<unknown> => {
  for (const reg of entry.regs) if (!relays.has(reg.opts)) return reg.opts;
  return entry.regs.size ? RELAY_ONLY : {};
};
const kind = (value: unknown) => (typeof value === "function" ? "a function" : JSON.stringify(value));
const shared = {
  parse: (o: SubscribeOptions<unknown>) => kind(o.parse ?? "json"),
  dedupe: (o: SubscribeOptions<unknown>) => kind(o.dedupe ?? false),
  receipt: (o: SubscribeOptions<unknown>) => kind(o.receipt ?? true),
};

/** Re-reads what the registrations decide together: the largest `keep`, the first one's `receipt`. */
export function refreshShared(entry: Entry) {
  let keep = 0;
  for (const reg of entry.regs) keep = Math.max(keep, reg.opts.keep ?? DEFAULT_KEEP);
  if (entry.regs.size) entry.buffer.setKeep(keep);
  entry.receipt = lead(entry).receipt ?? true;
}

/**
 * Development only: warns once per option when `opts` disagrees with the first subscriber's.
 * `undefined` in production builds, so bundlers drop it with its prose.
 */
export const warnConflicts = DEV
  ? (entry: Entry, opts: SubscribeOptions<unknown>, log: (line: string) => void) => {
      const first = lead(entry);
      if (!entry.regs.size || first === opts || first === RELAY_ONLY || relays.has(opts)) return;
      for (const name of Object.keys(shared) as (keyof typeof shared)[]) {
        if (entry.warned.has(name) || shared[name](first) === shared[name](opts)) continue;
        entry.warned.add(name);
        const text = `stompkit: subscribers of ${entry.destination} share one subscription but disagree on \`${name}\` (${shared[name](first)} vs ${shared[name](opts)}); the first subscriber's is used. Pass the same \`${name}\`, or a distinct \`key\` for a separate subscription.`;
        log(text);
        console.warn(text);
      }
    }
  : undefined;

/** Delivers one MESSAGE: dedupe, parse, listeners, per-subscriber acks, then the buffer. */
export function deliver(conn: StompConnection, entry: Entry, frame: IMessage) {
  const generation = conn.connection.getState().connectCount;
  const first = lead(entry);
  // An ACK only makes sense on the connection the message came on.
  const canSettle = () => conn.connected && conn.connection.getState().connectCount === generation;
  const message = toStompMessage(frame, {
    destination: entry.destination,
    parser: (first.parse ?? "json") as BodyParser<unknown>,
    ack: entry.ack,
    receivedAt: conn.clock.now(),
    canSettle,
  });
  if (message.parseError) internals(conn).emitError(message.parseError); // onError hears about bodies that did not parse
  const dedupe = first.dedupe === true ? defaultDedupeKey : first.dedupe || undefined;
  const dedupeKey = dedupe?.(message);
  if (dedupeKey !== undefined) {
    if (entry.seen.has(dedupeKey)) {
      internals(conn).log(`dropped a duplicate of ${dedupeKey} on ${entry.destination}`);
      try {
        message.ack(); // already handled once: settle it so the broker stops redelivering (no-op for auto)
      } catch (error) {
        internals(conn).log(String(error));
      }
      return;
    }
    entry.seen.add(dedupeKey);
    if (entry.seen.size > Math.max(DEDUPE_WINDOW, entry.buffer.keep)) {
      entry.seen.delete(entry.seen.values().next().value as string);
    }
  }
  const regs = [...entry.regs];
  let manual = 0;
  for (const reg of regs) if (reg.opts.autoAck === false) manual++;
  if (entry.ack !== "auto") voteAcks(message, manual, canSettle);
  let nack = false;
  for (const reg of regs) {
    if (!reg.listener) continue;
    try {
      reg.listener(message);
    } catch (error) {
      if (reg.opts.autoAck !== false) nack = true;
      internals(conn).emitError(new HandlerError(entry.destination, error));
    }
  }
  if (entry.ack !== "auto" && (nack || manual === 0)) {
    try {
      if (nack) message.nack();
      else message.ack();
    } catch (error) {
      internals(conn).log(String(error));
    }
  }
  entry.buffer.push(message);
}

/**
 * Per-subscriber acks: the wire ACK goes once each of the `manual` subscribers (`autoAck: false`) has
 * called `ack()` (at once when there are none); the first NACK goes at once; nothing is settled twice.
 */
function voteAcks(message: StompMessage<unknown>, manual: number, canSettle: () => boolean) {
  const { ack, nack } = message;
  let left = manual;
  let settled = false;
  message.ack = (headers) => {
    if (settled) return;
    if (--left > 0) {
      if (!canSettle()) throw new AckFailedError(message.id);
      return;
    }
    ack(headers);
    settled = true;
  };
  message.nack = (headers) => {
    if (settled) return;
    nack(headers);
    settled = true;
  };
}
