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
  | "ACK_FAILED";

/** Base class of every error stompkit creates. */
export class StompkitError extends Error {
  readonly code: StompkitErrorCode;
  constructor(code: StompkitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Options are invalid (no `brokerURL` nor `webSocketFactory`, a negative delay…). */
export class StompConfigError extends StompkitError {
  constructor(message: string) {
    super("CONFIG", message);
  }
}

/** The WebSocket closed before the broker answered CONNECT (refused, DNS, TLS, proxy…). */
export class ConnectionFailedError extends StompkitError {
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
  constructor(readonly timeoutMs: number) {
    super("CONNECT_TIMEOUT", `The STOMP broker did not answer CONNECT within ${timeoutMs} ms.`);
  }
}

/** An open connection closed (network, broker restart, server close). */
export class ConnectionLostError extends StompkitError {
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
  readonly frame: ErrorFrameInfo;
  constructor(frame: ErrorFrameInfo) {
    super("SERVER_ERROR", `The STOMP broker sent ERROR: ${frame.headers.message ?? (frame.body || "ERROR")}`);
    this.frame = frame;
  }
}
