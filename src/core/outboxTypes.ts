// What `send` takes and gives, and the outbox behind it (outbox.ts), as apps see them.

export interface SendOptions {
  /** Extra SEND headers. CR, LF or NUL anywhere, or `:` in a name, rejects the send with `InvalidHeaderError`. */
  headers?: Record<string, string | number | boolean>;
  /**
   * Ask for a RECEIPT: the promise resolves when the broker confirms, and a send that lost its
   * connection before the RECEIPT is resent once (same idempotency header). `true` makes a fresh id
   * per send (recommended). A string id still queued or pending rejects the send at once with
   * `DuplicateReceiptError`, nothing sent; the earlier send still settles.
   * @default false
   */
  receipt?: boolean | string;
  /** `content-type`; objects default to `application/json`, bytes to `application/octet-stream`. */
  contentType?: string;
  /** Receipt timeout for this send, in ms. */
  timeout?: number;
}

export interface SendResult {
  /** The receipt id, when a receipt was asked for (also readable with `useReceipt`). */
  receiptId: string | undefined;
  /** The idempotency header value sent with a receipted send (the same on a resend). */
  idempotencyKey: string | undefined;
}

export interface OutboxOptions {
  /** Queued sends at most. @default 1000 */
  maxMessages?: number;
  /** Queued body bytes at most. @default 1048576 */
  maxBytes?: number;
  /** How long a send may wait for a connection, in ms. @default 30000 */
  ttl?: number;
  /** RECEIPT timeout, in ms (the clock is paused while the send waits to be resent). @default 10000 */
  receiptTimeout?: number;
  /** Header carrying the idempotency key of receipted sends. @default "x-idempotency-key" */
  idempotencyHeader?: string;
  /** Frames sent per task when flushing after a reconnect. @default 100 */
  flushBatch?: number;
}

/** The offline outbox behind `session.send` and `useSend` (created on the first send). */
export interface Outbox {
  /** SEND now, or queue it while not connected; see `StompSession.send`. */
  send(destination: string, body: unknown, options?: SendOptions): Promise<SendResult>;
  /** Sends waiting for a connection. */
  readonly queued: number;
  /** Body bytes of the sends waiting for a connection. */
  readonly queuedBytes: number;
  /** Queued and in-flight sends and their timers (leak checks). */
  diagnostics(): { queued: number; inflight: number; timers: number };
  /** Queued sends, their bytes, when the oldest was queued, sends awaiting RECEIPT (read-only; what `inspectSession` shows). */
  inspect(): { queued: number; bytes: number; oldestQueuedAt: number | undefined; inflight: number };
}
