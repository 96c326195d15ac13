import type { StompkitError } from "./errors";

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
