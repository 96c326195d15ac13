import { DEV, ERRORS_ANCHOR } from "./dev";
import { redactUrls } from "./redact";
import { truncate } from "./truncate";

/**
 * Every error stompkit reports is a `StompkitError` with a stable string `code`, so apps can branch
 * on `error.code` (or `instanceof`) instead of parsing messages.
 */
export type StompkitErrorCode =
  | "CONFIG"
  | "CONNECTION_FAILED"
  | "CONNECT_TIMEOUT"
  | "CONNECTION_LOST"
  | "HEARTBEAT_TIMEOUT"
  | "AUTH_FAILED"
  | "SERVER_ERROR"
  | "NOT_CONNECTED"
  | "OUTBOX_FULL"
  | "NOT_DELIVERED"
  | "RECEIPT_TIMEOUT"
  | "DISCONNECTED"
  | "TRANSACTION_ABORTED"
  | "INVALID_HEADER"
  | "DUPLICATE_RECEIPT"
  | "PARSE_ERROR"
  | "SUBSCRIPTION_ERROR"
  | "ACK_FAILED"
  | "HANDLER_ERROR"
  | "FRAME_ERROR"
  // chat (src/core/chat/chatErrors.ts)
  | "RELAY_TIMEOUT"
  | "RELAY_FAILED"
  | "ACTION_FAILED"
  | "SEND_TIMEOUT"
  | "INVALID_MESSAGE";

/** An ERROR frame as kept in an error: `message` header and body cut to `MAX_ERROR_TEXT`. */
export function errorFrameInfo(frame: { headers: Record<string, string>; body: string }): ErrorFrameInfo {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(frame.headers)) headers[name] = truncate(String(value));
  return { headers, body: truncate(frame.body ?? "") };
}

/** A close reason or thrown text as shown in a message: URL credentials and query values masked, cut short. */
const safeReason = (reason: unknown) => truncate(redactUrls(String(reason)), 300);

/** An ERROR frame in one line of a message: its `message` header, else its body, cut short. */
export const describeErrorFrame = (frame: ErrorFrameInfo) =>
  truncate(frame.headers.message ?? (frame.body || "ERROR"));

/**
 * Base class of every error stompkit creates. `message` is prose in development builds; in production
 * builds stompkit passes `false` (the prose is compiled out, see dev.ts) and the message is the code
 * and where it is explained: `RECEIPT_TIMEOUT (stompkit: https://www.npmjs.com/package/stompkit#errors)`.
 * The error's fields (`receiptId`, `frame`, `reason`…) are the same in both.
 */
export class StompkitError extends Error {
  // A string, not `new.target.name`: minifiers rename classes.
  override name = "StompkitError";
  readonly code: StompkitErrorCode;
  constructor(code: StompkitErrorCode, message: string | false, options?: { cause?: unknown }) {
    super(message === false ? `${code} (stompkit: ${ERRORS_ANCHOR})` : message, options);
    this.code = code;
  }
}

/** Options are invalid (no `url` nor `webSocketFactory`, a negative delay…). */
export class StompConfigError extends StompkitError {
  override name = "StompConfigError";
  constructor(message: string | false, options?: { cause?: unknown }) {
    super("CONFIG", message, options);
  }
}

/** The WebSocket closed before the broker answered CONNECT (refused, DNS, TLS, proxy…). */
export class ConnectionFailedError extends StompkitError {
  override name = "ConnectionFailedError";
  readonly closeCode: number | undefined;
  constructor(closeCode: number | undefined, reason?: string | false, options?: { cause?: unknown }) {
    super(
      "CONNECTION_FAILED",
      DEV &&
        `Connection failed before CONNECTED (close ${closeCode ?? "none"}${reason ? `: ${safeReason(reason)}` : ""})`,
      options,
    );
    this.closeCode = closeCode;
  }
}

/** CONNECTED did not arrive within `connectTimeout`; the socket was discarded and a retry scheduled. */
export class ConnectTimeoutError extends StompkitError {
  override name = "ConnectTimeoutError";
  constructor(readonly timeoutMs: number) {
    super("CONNECT_TIMEOUT", DEV && `No CONNECTED within ${timeoutMs} ms`);
  }
}

/** An open connection closed (network, broker restart, server close). */
export class ConnectionLostError extends StompkitError {
  override name = "ConnectionLostError";
  readonly closeCode: number | undefined;
  constructor(closeCode: number | undefined, reason?: string) {
    super(
      "CONNECTION_LOST",
      DEV && `Connection lost (close ${closeCode ?? "none"}${reason ? `: ${safeReason(reason)}` : ""})`,
    );
    this.closeCode = closeCode;
  }
}

/** Nothing arrived from the broker within the negotiated heart-beat window: the link is dead. */
export class HeartbeatTimeoutError extends StompkitError {
  override name = "HeartbeatTimeoutError";
  constructor(readonly intervalMs: number) {
    super(
      "HEARTBEAT_TIMEOUT",
      DEV && `No data from the broker within the heart-beat window (${intervalMs} ms × tolerance)`,
    );
  }
}

/** Frame headers of an ERROR frame, without credentials (an ERROR never echoes CONNECT headers). */
export type ErrorFrameInfo = { headers: Record<string, string>; body: string };

/**
 * The broker answered CONNECT with ERROR (bad credentials, unknown vhost, expired token).
 * stompkit retries with backoff (a fresh `connectHeaders` each time), never in a hot loop,
 * and stops at `reconnect.maxAttempts`.
 */
export class AuthError extends StompkitError {
  override name = "AuthError";
  readonly frame: ErrorFrameInfo;
  constructor(frame: ErrorFrameInfo) {
    super("AUTH_FAILED", DEV && `CONNECT refused: ${describeErrorFrame(errorFrameInfo(frame))}`);
    this.frame = errorFrameInfo(frame);
  }
}

/** The broker sent ERROR on an open connection. The connection is closed and re-opened. */
export class ServerError extends StompkitError {
  override name = "ServerError";
  readonly frame: ErrorFrameInfo;
  constructor(frame: ErrorFrameInfo) {
    super("SERVER_ERROR", DEV && `ERROR from the broker: ${describeErrorFrame(errorFrameInfo(frame))}`);
    this.frame = errorFrameInfo(frame);
  }
}

/** The operation needs an open connection (e.g. a transaction, or `ack()` on a message from a closed one). */
export class NotConnectedError extends StompkitError {
  override name = "NotConnectedError";
  constructor(what: string | false) {
    super("NOT_CONNECTED", DEV && `${what} needs an open connection`);
  }
}

/** The offline outbox is at its `maxMessages` or `maxBytes` bound; the send was not queued. */
export class OutboxFullError extends StompkitError {
  override name = "OutboxFullError";
  constructor(
    readonly limit: "messages" | "bytes",
    readonly max: number,
  ) {
    super("OUTBOX_FULL", DEV && `Outbox full (${limit} limit ${max}); not queued`);
  }
}

/** A queued or unconfirmed send will not be delivered: its time-to-live passed, or the session failed or closed. */
export class NotDeliveredError extends StompkitError {
  override name = "NotDeliveredError";
  constructor(readonly reason: "expired" | "failed" | "closed" | "retried" | "too-large") {
    super(
      "NOT_DELIVERED",
      DEV &&
        `Not delivered: ${
          {
            expired: "outbox ttl passed",
            failed: "connection failed",
            closed: "session closed",
            retried: "dropped again after its one resend",
            "too-large": "the broker closed the socket with 1009 (message too big); not resent",
          }[reason]
        }`,
    );
  }
}

/** No RECEIPT arrived within the timeout. The frame may or may not have been processed. */
export class ReceiptTimeoutError extends StompkitError {
  override name = "ReceiptTimeoutError";
  constructor(
    readonly receiptId: string,
    readonly timeoutMs: number,
  ) {
    super("RECEIPT_TIMEOUT", DEV && `No RECEIPT for "${receiptId}" within ${timeoutMs} ms`);
  }
}

/** The connection dropped while waiting for a RECEIPT. */
export class DisconnectedError extends StompkitError {
  override name = "DisconnectedError";
  constructor(readonly receiptId: string) {
    super("DISCONNECTED", DEV && `Connection dropped before the RECEIPT for "${receiptId}"`);
  }
}

/** The transaction was aborted: the callback threw, or the connection dropped (the broker aborts it). */
export class TransactionAbortedError extends StompkitError {
  override name = "TransactionAbortedError";
  constructor(
    readonly transactionId: string,
    message: string | false,
    /** True when COMMIT was sent but its RECEIPT never came: the broker may have committed. */
    readonly outcomeUnknown = false,
    options?: { cause?: unknown },
  ) {
    super("TRANSACTION_ABORTED", DEV && `Transaction ${transactionId} aborted: ${message}`, options);
  }
}

/**
 * A header name or value, a destination, a content type or a receipt id would corrupt the frame
 * (CR, LF or NUL anywhere; `:` in a header name). Nothing was sent. The message names the header
 * and never quotes its value, which may be a credential.
 */
export class InvalidHeaderError extends StompkitError {
  override name = "InvalidHeaderError";
  constructor(
    /** The header (or `destination`, `content-type`, `receipt`) that was refused. */
    readonly header: string,
    /** Whether the name or the value is at fault. */
    readonly part: "name" | "value" = "value",
  ) {
    super(
      "INVALID_HEADER",
      DEV &&
        `Header ${JSON.stringify(truncate(header, 100))}: CR, LF, NUL (or ':' in a name) not allowed in its ${part}; nothing sent`,
    );
  }
}

/**
 * A send asked for a receipt id that is still queued or pending: the second send is refused at once
 * and nothing is sent; the first one still settles. Use `receipt: true` (a fresh id per send).
 */
export class DuplicateReceiptError extends StompkitError {
  override name = "DuplicateReceiptError";
  constructor(readonly receiptId: string) {
    super(
      "DUPLICATE_RECEIPT",
      DEV &&
        `Receipt id ${JSON.stringify(truncate(receiptId, 100))} is still in use; nothing sent (use receipt: true)`,
    );
  }
}

/** Why an inbound frame was refused (see `FrameError`). */
export type FrameErrorReason = "too-large" | "bad-content-length" | "content-length-mismatch";

/**
 * The broker sent data the STOMP parser must not buffer: a frame over `maxFrameSize` bytes (or data that
 * never ends), a `content-length` that is not a non-negative integer, or one that disagrees with the frame
 * (the byte after the body is not the NUL, or the next message shows it ran past its NUL into the next
 * frame). The socket is closed before the parser sees it and the session
 * reconnects with backoff; whole frames before it were delivered. Branch on `reason`.
 */
export class FrameError extends StompkitError {
  override name = "FrameError";
  constructor(
    readonly reason: FrameErrorReason,
    /** The `maxFrameSize` in force, in bytes. */
    readonly maxFrameSize: number,
    detail: string | false,
  ) {
    super("FRAME_ERROR", DEV && `Inbound frame refused (${reason}): ${detail}`);
  }
}
