import { checkNumber } from "./checkNumber";
import { createTimer } from "./clock";
import type { StompConnection } from "./connectionTypes";
import { DEV } from "./dev";
import { encodeBody } from "./encodeBody";
import {
  DuplicateReceiptError,
  NotDeliveredError,
  OutboxFullError,
  StompConfigError,
  type StompkitError,
} from "./errors";
import { assertHeaderValue, sanitizeHeaders } from "./headers";
import { attach, internals } from "./internals";
import type { Outbox, OutboxOptions, SendOptions, SendResult } from "./outboxTypes";
import { type ReceiptTracker, receiptsOf } from "./receiptTracker";

interface Entry {
  destination: string;
  body?: string;
  binaryBody?: Uint8Array;
  headers: Record<string, string>;
  bytes: number;
  receiptId: string | undefined;
  receiptTimeout: number;
  idempotencyHeader: string;
  attempts: number;
  /** When it was (last) queued, clock ms: the oldest age `inspectSession` shows. */
  queuedAt: number;
  ttl: ReturnType<typeof createTimer>;
  resolve(result: SendResult): void;
  reject(error: unknown): void;
}

/**
 * `send()` with an offline outbox: sends made while not connected wait (bounded by count, bytes and
 * time) and go out in order after the reconnect and the re-subscriptions. Never a silent drop: a send
 * that cannot be delivered rejects with a typed error.
 */
export function createOutbox(
  conn: StompConnection,
  tracker: ReceiptTracker,
  options: () => OutboxOptions | undefined,
): Outbox {
  // Read at each use: `configure({ outbox })` applies to the next send (validated by configure).
  const opt = <K extends keyof OutboxOptions>(key: K, fallback: NonNullable<OutboxOptions[K]>) =>
    options()?.[key] ?? fallback;
  let queue: Entry[] = [];
  let queuedBytes = 0;
  const inflight = new Map<string, Entry>(); // receipted sends on the wire, in send order
  const pace = createTimer(conn.clock);
  let keySeq = 0;
  const keyPrefix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

  const dequeue = (entry: Entry) => {
    const i = queue.indexOf(entry);
    if (i >= 0) {
      queue.splice(i, 1);
      queuedBytes -= entry.bytes;
    }
    entry.ttl.stop();
  };

  const enqueue = (entry: Entry, front = false) => {
    if (front) queue.unshift(entry);
    else queue.push(entry);
    queuedBytes += entry.bytes;
    entry.queuedAt = conn.clock.now();
    entry.ttl.start(opt("ttl", 30_000), () => {
      dequeue(entry);
      abandon(entry, new NotDeliveredError("expired"));
    });
  };

  /** Rejects a send that will not go out: through its receipt wait when it has one, else directly. */
  const abandon = (entry: Entry, error: StompkitError) => {
    if (entry.receiptId && tracker.pending(entry.receiptId)) return tracker.fail(entry.receiptId, error);
    if (entry.receiptId) tracker.release(entry.receiptId, error);
    entry.reject(error);
  };

  function transmit(entry: Entry): boolean {
    const headers = entry.receiptId
      ? { ...entry.headers, receipt: tracker.wireId(entry.receiptId) }
      : entry.headers;
    try {
      conn.client.publish({
        destination: entry.destination,
        body: entry.body,
        binaryBody: entry.binaryBody,
        headers,
      });
    } catch {
      return false; // the socket went away under us: stays queued
    }
    entry.attempts++;
    if (!entry.receiptId) {
      entry.resolve({ receiptId: undefined, idempotencyKey: undefined });
      return true;
    }
    inflight.set(entry.receiptId, entry);
    if (entry.attempts === 1) {
      const id = entry.receiptId;
      tracker.expect(id, { timeout: entry.receiptTimeout, keepOnDisconnect: true }).then(
        () => {
          inflight.delete(id);
          entry.resolve({ receiptId: id, idempotencyKey: entry.headers[entry.idempotencyHeader] });
        },
        (error) => {
          inflight.delete(id);
          dequeue(entry);
          entry.reject(error);
        },
      );
    } else tracker.restart(entry.receiptId);
    return true;
  }

  function flush() {
    pace.stop();
    let sent = 0;
    while (queue.length > 0 && conn.connected) {
      if (sent === opt("flushBatch", 100)) {
        pace.start(0, flush); // yield: a 5,000-send backlog goes out in paced batches
        return;
      }
      const entry = queue[0]!;
      dequeue(entry);
      if (!transmit(entry)) {
        enqueue(entry, true);
        return;
      }
      sent++;
    }
  }

  function rejectAll(reason: "failed" | "closed") {
    pace.stop();
    const pending = [...queue];
    queue = [];
    queuedBytes = 0;
    for (const entry of pending) {
      entry.ttl.stop();
      abandon(entry, new NotDeliveredError(reason));
    }
    for (const [id] of [...inflight]) tracker.fail(id, new NotDeliveredError(reason));
  }

  conn.on("connect", flush); // registered after the registry: re-subscriptions go first
  conn.on("disconnect", (error) => {
    pace.stop();
    // Receipted sends that got no RECEIPT go back to the front, in order, to be resent once.
    const lost = [...inflight.values()];
    inflight.clear();
    // Close code 1009 ("message too big", e.g. ActiveMQ's 64 KiB ws limit): the largest send in flight is
    // the likely culprit; resending it would only close the next socket too.
    const tooBig = (error as { closeCode?: number } | undefined)?.closeCode === 1009;
    const culprit = tooBig
      ? lost.reduce<Entry | undefined>((a, e) => (a && a.bytes >= e.bytes ? a : e), undefined)
      : undefined;
    for (const entry of lost.reverse()) {
      if (entry === culprit) tracker.fail(entry.receiptId!, new NotDeliveredError("too-large"));
      else if (entry.attempts >= 2) tracker.fail(entry.receiptId!, new NotDeliveredError("retried"));
      else {
        tracker.requeue(entry.receiptId!);
        enqueue(entry, true);
      }
    }
  });
  conn.connection.subscribe((state, previous) => {
    if (state.status === previous.status) return;
    if (state.status === "failed" || state.status === "closed") rejectAll(state.status);
  });

  return {
    send(destination: string, body: unknown, opts: SendOptions = {}): Promise<SendResult> {
      let resolve!: (result: SendResult) => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<SendResult>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      let entry: Entry;
      try {
        if (typeof destination !== "string" || !destination)
          throw new StompConfigError(DEV && "send needs a destination.");
        assertHeaderValue("destination", destination);
        if (opts.contentType !== undefined) assertHeaderValue("content-type", String(opts.contentType));
        if (opts.timeout !== undefined) checkNumber("send timeout", opts.timeout, 0);
        const encoded = encodeBody(body, opts.contentType);
        const headers = sanitizeHeaders(opts.headers);
        if (encoded.contentType && !("content-type" in headers))
          headers["content-type"] = encoded.contentType;
        const receiptId = opts.receipt === true ? tracker.nextId() : opts.receipt || undefined;
        if (receiptId !== undefined) {
          if (typeof receiptId !== "string")
            throw new StompConfigError(DEV && "receipt must be true or a string id.");
          assertHeaderValue("receipt", receiptId);
          if (tracker.inUse(receiptId)) throw new DuplicateReceiptError(receiptId);
        }
        const idempotencyHeader = opt("idempotencyHeader", "x-idempotency-key");
        if (receiptId && !(idempotencyHeader in headers))
          headers[idempotencyHeader] = `${keyPrefix}-${++keySeq}`;
        const { body: text, binaryBody, bytes } = encoded;
        const timer = createTimer(conn.clock);
        entry = {
          destination,
          body: text,
          binaryBody,
          headers,
          bytes,
          receiptId,
          receiptTimeout: opts.timeout ?? opt("receiptTimeout", 10_000),
          idempotencyHeader,
          attempts: 0,
          queuedAt: 0,
          ttl: timer,
          resolve,
          reject,
        };
      } catch (error) {
        reject(error); // bad input: a typed error, nothing sent or queued
        return promise;
      }
      const status = conn.connection.getState().status;
      if (status === "failed" || status === "closed") reject(new NotDeliveredError(status));
      else if (conn.connected && queue.length === 0 && transmit(entry)) {
        // on the wire
      } else if (queue.length >= opt("maxMessages", 1000))
        reject(new OutboxFullError("messages", opt("maxMessages", 1000)));
      else if (queuedBytes + entry.bytes > opt("maxBytes", 1024 * 1024))
        reject(new OutboxFullError("bytes", opt("maxBytes", 1024 * 1024)));
      else {
        if (entry.receiptId) tracker.reserve(entry.receiptId); // `queued` in useReceipt
        enqueue(entry);
      }
      return promise;
    },
    /** Sends waiting for a connection. */
    get queued() {
      return queue.length;
    },
    get queuedBytes() {
      return queuedBytes;
    },
    inspect: () => ({
      queued: queue.length,
      bytes: queuedBytes,
      oldestQueuedAt: queue.reduce<number | undefined>(
        (t, e) => Math.min(t ?? e.queuedAt, e.queuedAt),
        undefined,
      ),
      inflight: inflight.size,
    }),
    diagnostics: () => ({
      queued: queue.length,
      inflight: inflight.size,
      timers: queue.length + (pace.pending ? 1 : 0),
    }),
  };
}

/**
 * The outbox of a session (with its receipt tracker), created the first time it is asked for: what
 * `useSend` and the chat engine send through, without the rest of `withSending` (transactions). The
 * same object as `withSending(session).outbox`.
 */
export const outboxOf = (conn: StompConnection): Outbox =>
  attach(conn, "outbox", (c) => createOutbox(c, receiptsOf(c), () => internals(c).options().outbox));
