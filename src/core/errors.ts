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
  | "PARSE_ERROR"
  | "SUBSCRIPTION_ERROR"
  | "ACK_FAILED"
  | "HANDLER_ERROR"
  // chat (src/core/chat/chatErrors.ts)
  | "RELAY_TIMEOUT"
  | "RELAY_FAILED"
  | "ACTION_FAILED"
  | "SEND_TIMEOUT"
  | "INVALID_MESSAGE";

/** Base class of every error stompkit creates. */
export class StompkitError extends Error {
  // A string, not `new.target.name`: minifiers rename classes.
  override name = "StompkitError";
  readonly code: StompkitErrorCode;
  constructor(code: StompkitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Options are invalid (no `brokerURL` nor `webSocketFactory`, a negative delay…). */
export class StompConfigError extends StompkitError {
  override name = "StompConfigError";
  constructor(message: string) {
    super("CONFIG", message);
  }
}

/** The WebSocket closed before the broker answered CONNECT (refused, DNS, TLS, proxy…). */
export class ConnectionFailedError extends StompkitError {
  override name = "ConnectionFailedError";
  readonly closeCode: number | undefined;
  constructor(closeCode: number | undefined, reason?: string) {
    super(
      "CONNECTION_FAILED",
      `The connection to the STOMP broker failed before CONNECTED (close code ${closeCode ?? "none"}${reason ? `: ${reason}` : ""}).`,
    );
    this.closeCode = closeCode;
  }
}

/** CONNECTED did not arrive within `connectTimeout`; the socket was discarded and a retry scheduled. */
export class ConnectTimeoutError extends StompkitError {
  override name = "ConnectTimeoutError";
  constructor(readonly timeoutMs: number) {
    super("CONNECT_TIMEOUT", `The STOMP broker did not answer CONNECT within ${timeoutMs} ms.`);
  }
}

/** An open connection closed (network, broker restart, server close). */
export class ConnectionLostError extends StompkitError {
  override name = "ConnectionLostError";
  readonly closeCode: number | undefined;
  constructor(closeCode: number | undefined, reason?: string) {
    super(
      "CONNECTION_LOST",
      `The STOMP connection was lost (close code ${closeCode ?? "none"}${reason ? `: ${reason}` : ""}).`,
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
      `No data from the STOMP broker within the heart-beat window (${intervalMs} ms × tolerance).`,
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
    super(
      "AUTH_FAILED",
      `The STOMP broker rejected CONNECT: ${frame.headers.message ?? (frame.body || "ERROR")}`,
    );
    this.frame = frame;
  }
}

/** The broker sent ERROR on an open connection. The connection is closed and re-opened. */
export class ServerError extends StompkitError {
  override name = "ServerError";
  readonly frame: ErrorFrameInfo;
  constructor(frame: ErrorFrameInfo) {
    super("SERVER_ERROR", `The STOMP broker sent ERROR: ${frame.headers.message ?? (frame.body || "ERROR")}`);
    this.frame = frame;
  }
}

/** The operation needs an open connection (e.g. a transaction, or `ack()` on a message from a closed one). */
export class NotConnectedError extends StompkitError {
  override name = "NotConnectedError";
  constructor(what: string) {
    super("NOT_CONNECTED", `${what} needs an open STOMP connection.`);
  }
}

/** The offline outbox is at its `maxMessages` or `maxBytes` bound; the send was not queued. */
export class OutboxFullError extends StompkitError {
  override name = "OutboxFullError";
  constructor(
    readonly limit: "messages" | "bytes",
    readonly max: number,
  ) {
    super("OUTBOX_FULL", `The offline outbox is full (${limit} limit ${max}); the message was not queued.`);
  }
}

/** A queued or unconfirmed send will not be delivered: its time-to-live passed, or the session failed or closed. */
export class NotDeliveredError extends StompkitError {
  override name = "NotDeliveredError";
  constructor(readonly reason: "expired" | "failed" | "closed" | "retried") {
    const why = {
      expired: "it waited in the offline outbox longer than its time-to-live",
      failed: "the connection failed for good (reconnect attempts used up)",
      closed: "the session was closed",
      retried:
        "it was already resent once after a reconnect and the connection dropped again before its RECEIPT",
    }[reason];
    super("NOT_DELIVERED", `The message was not delivered: ${why}.`);
  }
}

/** No RECEIPT arrived within the timeout. The frame may or may not have been processed. */
export class ReceiptTimeoutError extends StompkitError {
  override name = "ReceiptTimeoutError";
  constructor(
    readonly receiptId: string,
    readonly timeoutMs: number,
  ) {
    super("RECEIPT_TIMEOUT", `No RECEIPT for "${receiptId}" within ${timeoutMs} ms.`);
  }
}

/** The connection dropped while waiting for a RECEIPT. */
export class DisconnectedError extends StompkitError {
  override name = "DisconnectedError";
  constructor(readonly receiptId: string) {
    super("DISCONNECTED", `The connection dropped before the RECEIPT for "${receiptId}" arrived.`);
  }
}

/** The transaction was aborted: the callback threw, or the connection dropped (the broker aborts it). */
export class TransactionAbortedError extends StompkitError {
  override name = "TransactionAbortedError";
  constructor(
    readonly transactionId: string,
    message: string,
    /** True when COMMIT was sent but its RECEIPT never came: the broker may have committed. */
    readonly outcomeUnknown = false,
    options?: { cause?: unknown },
  ) {
    super("TRANSACTION_ABORTED", `Transaction ${transactionId} aborted: ${message}`, options);
  }
}

/** A header name or value would corrupt the frame (CR, LF or NUL; `:` in a name). Nothing was sent. */
export class InvalidHeaderError extends StompkitError {
  override name = "InvalidHeaderError";
  constructor(readonly header: string) {
    super(
      "INVALID_HEADER",
      `Header ${JSON.stringify(header)} is not allowed: names may not contain CR, LF, NUL or ':', values may not contain CR, LF or NUL.`,
    );
  }
}

/** A MESSAGE body could not be parsed; the message is kept with `body: undefined` and its raw text. */
export class ParseError extends StompkitError {
  override name = "ParseError";
  constructor(destination: string, cause: unknown) {
    super("PARSE_ERROR", `Could not parse a MESSAGE body from ${destination}: ${String(cause)}`, { cause });
  }
}

/** The broker refused a subscription (ERROR naming its receipt). It is not re-subscribed automatically. */
export class SubscriptionError extends StompkitError {
  override name = "SubscriptionError";
  readonly frame: ErrorFrameInfo;
  constructor(destination: string, frame: ErrorFrameInfo) {
    super(
      "SUBSCRIPTION_ERROR",
      `The broker refused the subscription to ${destination}: ${frame.headers.message ?? frame.body}`,
    );
    this.frame = frame;
  }
}

/** `ack()`/`nack()` on a message whose connection is gone: the broker will redeliver it instead. */
export class AckFailedError extends StompkitError {
  override name = "AckFailedError";
  constructor(readonly messageId: string | undefined) {
    super(
      "ACK_FAILED",
      `Cannot ACK/NACK message ${messageId ?? ""}: its connection is closed; the broker redelivers it.`,
    );
  }
}
