import type { StompkitError } from "stompkit/core";
import type { StoreApi } from "zustand/vanilla";

/**
 * The chat layer's data model, shared by the React-free thread store (`src/core/chat`) and the React
 * parts (`src/chat`). Everything that comes from the server is untrusted: strings are rendered as text.
 */

/** Where a message is in its life: `pending` (shown at once) → `sent` (RECEIPT) → `confirmed` (the echo), or `failed`. Others' messages are `confirmed`. */
export type ChatMessageStatus = "pending" | "sent" | "confirmed" | "failed";

export interface ChatUser {
  /** The user's name (StompX `user.name`, CONNECTED `user-name`): identity for "mine" and grouping. */
  name: string;
  /** What to show; falls back to `name`. */
  displayName?: string;
}

/** A server-computed character range that is a link (StompX `links`); rendered only for http(s)/mailto. */
export interface ChatLinkRange {
  source: string;
  startPosition: number;
  endPosition: number;
}

export interface ChatMessage {
  /** The server id once confirmed; the client id while pending or failed. */
  id: string;
  /** The client id given at send time (stable across pending → confirmed, so list keys do not change). */
  clientId?: string;
  /** StompX message type (`TEXT`, `FILE`, `SYSTEM_TEXT`, …). */
  type: string;
  /** Text of the message (untrusted). */
  body: string;
  user: ChatUser | undefined;
  /** ISO time from the server (or the local time while pending). */
  createdTime: string;
  /** `createdTime` in ms since the epoch (the sort key, then `id`). */
  createdAt: number;
  status: ChatMessageStatus;
  /** Sent by the current user. */
  mine: boolean;
  /** Why a `failed` message failed. */
  error?: StompkitError;
  links?: readonly ChatLinkRange[];
  /** The raw resource from the server (untrusted), for custom renderers. */
  resource?: unknown;
}

/** `connecting` until the topic's RECEIPT and the first page; `reconnecting` while the session is away. */
export type ChatThreadStatus = "idle" | "connecting" | "ready" | "reconnecting" | "error";

export interface ChatThreadState {
  /** Oldest first, ordered by `createdAt` then `id`, each id once; a bounded window of the thread. */
  messages: readonly ChatMessage[];
  status: ChatThreadStatus;
  /** Older messages exist on the server (or were dropped from the window). */
  hasOlder: boolean;
  /** A page of history is being fetched (drives `aria-busy`). */
  loadingOlder: boolean;
  /** Names of other users typing now. */
  typing: readonly string[];
  /** Messages the last gap-fill after a reconnect brought in (0 when none were missed). */
  missed: number;
  /** The user messages count as "mine" for (the `user` option, else CONNECTED's `user-name`). */
  user: string | undefined;
  error: StompkitError | undefined;
}

/** One page of history, newest first as StompX sends it, or oldest first: the store sorts. */
export interface ChatHistoryPage {
  messages: readonly unknown[];
  hasMore: boolean;
}

export interface ChatThreadOptions {
  /** Thread id, substituted for `{thread}` in the profile's templates. */
  thread: string;
  /** A built-in profile name or your own profile object. @default "stompx-2020" */
  profile?: ChatProfileName | ChatProfile;
  /** Whose messages are "mine"; default CONNECTED's `user-name`. */
  user?: string;
  /** Messages per history page. @default 25 */
  pageSize?: number;
  /** Messages kept in memory; older ones are dropped and fetched again on demand. @default 500 */
  window?: number;
  /** Time for a send to be confirmed before it fails, in ms. @default 10000 */
  sendTimeout?: number;
  /** `broker` profile: history from your own API (REST). `before` is the oldest message held, if any. */
  loadHistory?: (before: ChatMessage | undefined) => Promise<ChatHistoryPage>;
  /**
   * The thread (or channel) resource as the server gave it: its hypermedia links (`_topics.messages`,
   * `_topics.typing`, `_topics.keystrokes`, `_actions.message`, `_actions.keystrokes`,
   * `_relays.messages`) win over the profile's templates. Without it, a profile with a `threadRelay`
   * fetches it first.
   */
  resource?: unknown;
  /**
   * Hard cap on the messages held while a reader holds the window (`holdWindow()`): live messages
   * beyond it drop the oldest even then, so memory stays bounded. At least `window`. @default 10 × window
   */
  holdLimit?: number;
  /** Longest message body accepted by `send`, in characters. @default 20000 */
  maxLength?: number;
  /** Time for a relay (a history page, the thread) to answer, in ms. @default 10000 */
  relayTimeout?: number;
}

export interface ChatThreadStore {
  /** The thread's state, a zustand vanilla store (read it with `useStore`/uSES). */
  readonly store: StoreApi<ChatThreadState>;
  /** Subscribes (topic, typing, errors) and fetches the newest page; returns the release. Counted. */
  mount(): () => void;
  /** Shows the message at once as `pending`; resolves with it `confirmed`, rejects when it fails. */
  send(text: string): Promise<ChatMessage>;
  /** Sends a `failed` message again under the same client id. */
  retry(id: string): Promise<ChatMessage>;
  /** Fetches the next older page (no-op while one is loading or when there is none). */
  loadOlder(): Promise<void>;
  /** Reports the composer's text for typing indicators (debounced ~150 ms; no-op when the profile has none). */
  keystrokes(text: string): void;
  /**
   * Holds the window while a reader is away from the newest message (the list calls it when the
   * reader scrolls up): live messages no longer drop the oldest ones (the one being read stays), up
   * to the hard cap `holdLimit`. Returns the release (idempotent); counted. When the last hold is
   * released the store trims back to `window` in the next frame.
   */
  holdWindow(): () => void;
}

export type ChatProfileName = "stompx-2020" | "stompx-1" | "stompx-2" | "broker";

/**
 * A dialect as data: event names, destination templates (`{thread}` is replaced), where the echo
 * carries the receipt, the error queue, the ack mode. Built-in profiles are plain objects of this type.
 */
export interface ChatProfile {
  name: string;
  /** Envelope `type`s: created / updated / deleted messages, typing started / stopped, keystrokes. */
  events: {
    created: readonly string[];
    updated?: readonly string[];
    deleted?: readonly string[];
    typingStarted?: readonly string[];
    typingStopped?: readonly string[];
    keystrokes?: readonly string[];
  };
  /** Live messages of a thread. */
  topic: string;
  /** Typing events of a thread, when the server has them. */
  typingTopic?: string;
  /** Where a new message is SENT (StompX action), or published (`broker` profile). */
  action: string;
  /** Where keystrokes are SENT, when the server has them. */
  keystrokesAction?: string;
  /** History relay (SUBSCRIBE, one MESSAGE back), when the server has one. */
  historyRelay?: string;
  /** The error queue (`/user/queue/v1/errors`), when the server has one. */
  errorQueue?: string;
  /** Where the echo carries our receipt: the MESSAGE's `receipt-id` header, `resource.receipt`, or both (header first). */
  receiptEcho: "header" | "resource" | "both";
  /** Ack mode of the topic subscription. */
  ack: "auto" | "client-individual";
  /** `server`: a StompX server creates messages; `client`: clients publish the envelope themselves. */
  publish: "server" | "client";
  /** Relay answering with the thread resource, whose links win over these templates (fetched on mount). */
  threadRelay?: string;
  /** Relay answering with the current user (`{ name }`), asked when neither `user` nor CONNECTED `user-name` is known. */
  userRelay?: string;
  /** Envelope `version` written by `publish: "client"` profiles. @default "v1" */
  version?: string;
}
