import { DEV, type ErrorFrameInfo, StompkitError } from "stompkit/core";

/** A relay (SUBSCRIBE to a `.relay` destination) got no reply MESSAGE in time. It is not retried. */
export class RelayTimeoutError extends StompkitError {
  override name = "RelayTimeoutError";
  constructor(
    readonly destination: string,
    readonly timeoutMs: number,
  ) {
    super("RELAY_TIMEOUT", DEV && `No reply from the relay ${destination} within ${timeoutMs} ms.`);
  }
}

/**
 * A relay failed: the server answered on its error queue naming the relay's `subscription-id`, the
 * connection was not open or dropped before the reply (relays are never re-issued on reconnect), or
 * the relay was cancelled.
 */
export class RelayFailedError extends StompkitError {
  override name = "RelayFailedError";
  constructor(
    readonly destination: string,
    readonly reason: "server" | "not-connected" | "disconnected" | "cancelled" | "bad-reply",
    detail?: string,
  ) {
    const why =
      DEV &&
      {
        server: "the server reported an error",
        "not-connected": "the connection is not open",
        disconnected: "the connection dropped before the reply",
        cancelled: "it was cancelled",
        "bad-reply": "the reply is not a valid StompX envelope",
      }[reason];
    super("RELAY_FAILED", DEV && `The relay ${destination} failed: ${why}${detail ? ` (${detail})` : ""}.`);
  }
}

/**
 * The server reported an error for an action (a SEND) on its error queue. `frame` holds the error
 * MESSAGE's headers and body (no credentials: the server wrote it).
 */
export class ChatActionError extends StompkitError {
  override name = "ChatActionError";
  constructor(
    readonly detail: string,
    readonly frame: ErrorFrameInfo,
  ) {
    super("ACTION_FAILED", DEV && `The chat server rejected the action: ${detail}`);
  }
}

/** A chat message was not confirmed (no echo) within `sendTimeout`. It may still arrive: it then turns `confirmed`. */
export class ChatSendTimeoutError extends StompkitError {
  override name = "ChatSendTimeoutError";
  constructor(readonly timeoutMs: number) {
    super("SEND_TIMEOUT", DEV && `The message was not confirmed by the server within ${timeoutMs} ms.`);
  }
}

/**
 * `send()` got text that cannot be a message (empty, not a string, too long). Nothing was sent. Its
 * message is shown to the person typing (the composer), so it stays prose in production builds too.
 */
export class InvalidMessageError extends StompkitError {
  override name = "InvalidMessageError";
  constructor(reason: string) {
    super("INVALID_MESSAGE", `Cannot send this chat message: ${reason}.`);
  }
}

/** Turns an error-queue MESSAGE into a short, safe description (server-written text, capped). */
export function describeServerError(body: unknown, raw: string, headers: Record<string, string>): string {
  const pick = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);
  const obj = (v: unknown): Record<string, unknown> | undefined =>
    v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  const root = obj(body);
  const resource = obj(root?.resource);
  const text =
    pick(resource?.message) ??
    pick(resource?.explanation) ??
    pick(resource?.error) ??
    pick(root?.message) ??
    pick(headers.message) ??
    (raw || "unknown error");
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
