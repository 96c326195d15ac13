import type { ConnectionStatus, NegotiatedHeartbeat } from "./connectionStore";
import type { ReceiptStatus } from "./receiptTracker";
import type { SubscriptionInspection } from "./subscriptionRegistry";

// What the observation API (observeSession.ts) hands to development tools.

/** One STOMP frame on the wire, as an observer sees it: secrets masked, body cut. */
export interface ObservedFrame {
  /** `out`: sent by this session; `in`: received from the broker. */
  direction: "in" | "out";
  /** `CONNECT`, `SEND`, `MESSAGE`, `RECEIPT`, … */
  command: string;
  /**
   * The frame's headers (the first of repeated ones, values as on the wire). The value of every header in
   * `redactHeaders` (passcode, Authorization, token, cookie…) is `***`; URL credentials and the session's
   * known secret values are masked in the others.
   */
  headers: Readonly<Record<string, string>>;
  /** The `destination` header (masked like the others), when there is one. */
  destination: string | undefined;
  /** The body as text, masked like a debug line, cut to `FRAME_BODY_PREVIEW` characters. */
  body: string;
  /** The body's size in bytes. */
  bytes: number;
  /** When it was seen, clock ms (`session.clock.now()`). */
  at: number;
}

/** A change of the connection's status or attempt, recorded while the session is observed. */
export interface ConnectionRecord {
  /** Clock ms. */
  at: number;
  status: ConnectionStatus;
  /** The attempt number (0 once open). */
  attempt: number;
  /** The wait before the next attempt, in ms, when one was scheduled. */
  delay: number | undefined;
  /** The broker URL of the attempt, credentials masked (`wss://user:***@host/ws?token=***`). */
  url: string | undefined;
  /** The message of the error that came with this change (already masked), if any. */
  error: string | undefined;
}

/**
 * Something built on a session that the inspector may list (a chat thread store registers itself while
 * mounted): `inspect()` returns a flat, read-only record of what it holds.
 */
export interface InspectableSource {
  /** What it is, e.g. `"chat-thread"` (the inspector groups by kind). */
  readonly kind: string;
  /** Its name within the kind, e.g. the thread id. */
  readonly name: string;
  inspect(): Readonly<Record<string, string | number | boolean | undefined>>;
}

/** A read-only snapshot of a session (`inspectSession`); ages are in ms at `at`. */
export interface SessionInspection {
  /** Clock ms the snapshot was taken at. */
  at: number;
  connection: {
    status: ConnectionStatus;
    attempt: number;
    connectCount: number;
    /** The broker URL of the current (or last) attempt, credentials masked. */
    url: string | undefined;
    /** Time left before the next retry, while one is scheduled. */
    nextRetryIn: number | undefined;
    /** The last error's message (masked), cleared when a connection opens. */
    lastError: string | undefined;
    /** The negotiated STOMP version (from CONNECTED). */
    version: string | undefined;
    server: string | undefined;
    /** The heart-beats in force (0 = none). */
    heartbeat: NegotiatedHeartbeat | undefined;
  };
  /** Status and attempt changes seen while observed, oldest first (at most `CONNECTION_HISTORY`). */
  history: readonly ConnectionRecord[];
  /** Live subscriptions: destination, ref-count, status, buffered messages, SUBSCRIBE receipt awaited. */
  subscriptions: readonly SubscriptionInspection[];
  /** Receipts awaited by sends and transactions (none until the session first sends). */
  receipts: readonly { id: string; status: ReceiptStatus; age: number }[];
  /** The outbox: sends waiting for a connection, their body bytes, the oldest one's age; undefined before the first send. */
  outbox: { queued: number; bytes: number; oldestAge: number | undefined; inflight: number } | undefined;
  /** Registered sources (chat threads): kind, name and their `inspect()` record. */
  sources: readonly { kind: string; name: string; fields: ReturnType<InspectableSource["inspect"]> }[];
}

/** What `observeSession` calls. Both run inside socket and store callbacks: keep them cheap, never throw. */
export interface SessionObserver {
  /** Every frame sent or received (heart-beats excluded), secrets masked. */
  onFrame?(frame: ObservedFrame): void;
  /** The connection changed, or a source came or went: take a new `inspectSession` snapshot. */
  onChange?(): void;
}
