import type { IMessage } from "@stomp/stompjs";
import type { StompkitError } from "./errors";
import { assertHeaders } from "./headers";
import { AckFailedError, ParseError } from "./messageErrors";
import { type BodyParser, parseBody } from "./parseBody";

/** One received MESSAGE, as the hooks and listeners see it. */
export interface StompMessage<T = unknown> {
  /** `message-id` header. */
  id: string;
  destination: string;
  /** The parsed body; `undefined` when parsing failed (see `parseError` and `raw`). */
  body: T;
  /** The body as text. */
  raw: string;
  headers: Readonly<Record<string, string>>;
  /** `redelivered:true` was set by the broker. */
  redelivered: boolean;
  /** Clock time when it arrived. */
  receivedAt: number;
  parseError?: StompkitError;
  /**
   * ACK (client / client-individual subscriptions; a no-op for `auto`). Throws `AckFailedError` when
   * the connection it came on is gone — the broker redelivers it then.
   */
  ack(headers?: Record<string, string>): void;
  /** NACK: the broker redelivers or dead-letters it (broker-specific). Throws like `ack()`. */
  nack(headers?: Record<string, string>): void;
}

const noop = () => {};

/**
 * Turns a stompjs MESSAGE into a `StompMessage`: the body parsed (a parse failure keeps the raw text
 * and a `ParseError`), and `ack`/`nack` that refuse once the connection it came on is gone. Auto-ack
 * messages keep no closure over the frame, so its bytes can be collected at once.
 */
export function toStompMessage<T>(
  frame: IMessage,
  context: {
    destination: string;
    parser: BodyParser<T>;
    ack: "auto" | "client" | "client-individual";
    receivedAt: number;
    canSettle: () => boolean;
  },
): StompMessage<T> {
  let body: T | undefined;
  let parseError: StompkitError | undefined;
  try {
    body = parseBody(context.parser, frame);
  } catch (cause) {
    parseError = new ParseError(context.destination, cause);
  }
  const { canSettle } = context;
  const settle = (nack: boolean, headers?: Record<string, string>) => {
    if (!canSettle()) throw new AckFailedError(frame.headers["message-id"]);
    const safe = assertHeaders(headers); // CR/LF/NUL would inject headers on STOMP 1.0/1.1
    if (nack) frame.nack(safe);
    else frame.ack(safe);
  };
  const auto = context.ack === "auto";
  return {
    id: frame.headers["message-id"] ?? "",
    destination: frame.headers.destination ?? context.destination,
    body: body as T,
    raw: frame.body,
    headers: frame.headers,
    redelivered: frame.headers.redelivered === "true",
    receivedAt: context.receivedAt,
    parseError,
    ack: auto ? noop : (headers) => settle(false, headers),
    nack: auto ? noop : (headers) => settle(true, headers),
  };
}
