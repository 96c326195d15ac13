import { DEV } from "./dev";
import { describeErrorFrame, type ErrorFrameInfo, errorFrameInfo, StompkitError } from "./errors";

// Errors about messages on a subscription: their bodies, their handlers, their acks, the subscription itself.

/** A MESSAGE body could not be parsed; the message is kept with `body: undefined` and its raw text. */
export class ParseError extends StompkitError {
  override name = "ParseError";
  constructor(destination: string, cause: unknown) {
    super("PARSE_ERROR", DEV && `Bad MESSAGE body from ${destination}: ${String(cause)}`, { cause });
  }
}

/** The broker refused a subscription (ERROR naming its receipt). It is not re-subscribed automatically. */
export class SubscriptionError extends StompkitError {
  override name = "SubscriptionError";
  readonly frame: ErrorFrameInfo;
  constructor(destination: string, frame: ErrorFrameInfo) {
    super(
      "SUBSCRIPTION_ERROR",
      DEV && `Subscription to ${destination} refused: ${describeErrorFrame(errorFrameInfo(frame))}`,
    );
    this.frame = errorFrameInfo(frame);
  }
}

/** `ack()`/`nack()` on a message whose connection is gone: the broker will redeliver it instead. */
export class AckFailedError extends StompkitError {
  override name = "AckFailedError";
  constructor(readonly messageId: string | undefined) {
    super(
      "ACK_FAILED",
      DEV && `Cannot ACK/NACK ${messageId ?? ""}: its connection closed (the broker redelivers it)`,
    );
  }
}

/**
 * A message listener (`onMessage`, a `subscribe` callback) threw. The other listeners still got the
 * message; with client acks it is NACKed so the broker can redeliver it. `cause` is what was thrown.
 */
export class HandlerError extends StompkitError {
  override name = "HandlerError";
  constructor(destination: string, cause: unknown) {
    super("HANDLER_ERROR", DEV && `onMessage for ${destination} threw: ${String(cause)}`, { cause });
  }
}
