import type { IStompSocket, StompHeaders } from "@stomp/stompjs";
import { type ReconnectOptions, type ResolvedReconnect, resolveReconnect } from "./backoff";
import type { Clock } from "./clock";
import { StompConfigError, type StompkitError } from "./errors";
import { DEFAULT_MAX_FRAME_SIZE } from "./frameGuard";
import type { NotifyOption } from "./notifyScheduler";
import type { OutboxOptions } from "./outbox";
import { defaultRedactedHeaders } from "./redact";
import type { SessionEnvironment } from "./wakeups";

/** Headers for CONNECT, or a function called before every (re)connect (e.g. to fetch a fresh token). */
export type ConnectHeadersOption =
  | StompHeaders
  | ((context: { attempt: number }) => StompHeaders | Promise<StompHeaders>);

export interface HeartbeatOptions {
  /** How often this client sends heart-beats, in ms (0 = never). @default 10000 */
  outgoing?: number;
  /** How often the broker should send them, in ms (0 = never). @default 10000 */
  incoming?: number;
}

export interface StompSessionOptions {
  /** `ws://` or `wss://` URL of the broker's WebSocket endpoint. Give this or `webSocketFactory`. */
  brokerURL?: string;
  /** Creates the socket (SockJS, a `ws` client in Node, a test double). Called once per attempt. */
  webSocketFactory?: () => IStompSocket;
  /**
   * CONNECT headers (`login`, `passcode`, `host`, `Authorization`, custom ones such as `StompX-User`).
   * A function is called before every attempt, so a fresh token is used on each reconnect.
   * @example connectHeaders: async () => ({ Authorization: `Bearer ${await getToken()}` })
   */
  connectHeaders?: ConnectHeadersOption;
  /** Heart-beats asked for in CONNECT; a dead link is detected 2–3 intervals after the last data. */
  heartbeat?: HeartbeatOptions;
  /** Backoff policy, or `false` for no automatic reconnect. */
  reconnect?: ReconnectOptions | false;
  /** Time allowed from opening the socket to CONNECTED, in ms (0 = none). @default 10000 */
  connectTimeout?: number;
  /** Time allowed for the broker's RECEIPT to DISCONNECT before the socket is dropped, in ms. @default 2000 */
  disconnectTimeout?: number;
  /** `true` logs to `console.debug`; a function receives each line. Credentials are always masked. @default false */
  debug?: boolean | ((line: string) => void);
  /** Extra header names to mask in debug lines (added to passcode, Authorization, token, cookie…). */
  redactHeaders?: readonly string[];
  /**
   * Largest inbound frame accepted, in bytes (command, headers and body; UTF-8). A bigger frame, data
   * that never ends, or a `content-length` that is not a non-negative integer or disagrees with the
   * frame closes the socket with a `FrameError` before the STOMP parser buffers it, then reconnects
   * with backoff. Raise it if your broker sends bigger messages. An integer ≥ 1024.
   * @default 1048576 (1 MiB)
   */
  maxFrameSize?: number;
  /** Called with every error the session reports (also kept in `connection.lastError`). */
  onError?: (error: StompkitError) => void;
  /** Retry at once when the browser fires `online` or the page becomes visible. @default true */
  reconnectOnWake?: boolean;
  /** Wait after a subscription's last listener leaves before UNSUBSCRIBE, in ms. @default 100 */
  unsubscribeDelay?: number;
  /**
   * When subscription stores notify: `frame` (default; one React commit per animation frame at most,
   * per task where there are no frames), `microtask` (per task), or your own scheduler.
   */
  notify?: NotifyOption;
  /** Bounds of the offline outbox and receipt timeouts. */
  outbox?: OutboxOptions;
  /** Timers and randomness (tests). */
  clock?: Clock;
  /** Where `online`/`offline`/`visibilitychange` come from. @default window, when there is one */
  environment?: SessionEnvironment;
}

export interface ResolvedSessionOptions {
  brokerURL: string | undefined;
  webSocketFactory: (() => IStompSocket) | undefined;
  connectHeaders: ConnectHeadersOption;
  heartbeat: Required<HeartbeatOptions>;
  reconnect: ResolvedReconnect | false;
  connectTimeout: number;
  disconnectTimeout: number;
  debug: StompSessionOptions["debug"];
  redactHeaders: readonly string[];
  onError: StompSessionOptions["onError"];
  reconnectOnWake: boolean;
  maxFrameSize: number;
}

const frameSize = (value: number) => {
  if (!Number.isInteger(value) || value < 1024) {
    throw new StompConfigError(`maxFrameSize must be an integer >= 1024 (bytes), got ${String(value)}.`);
  }
  return value;
};

const nonNegative = (name: string, value: number) => {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new StompConfigError(`${name} must be a finite number >= 0, got ${String(value)}.`);
  }
  return value;
};

export function resolveSessionOptions(options: StompSessionOptions): ResolvedSessionOptions {
  if (!options.brokerURL && !options.webSocketFactory) {
    throw new StompConfigError(
      "createStompSession needs `brokerURL` (e.g. 'wss://example.com/ws') or `webSocketFactory`.",
    );
  }
  return {
    brokerURL: options.brokerURL,
    webSocketFactory: options.webSocketFactory,
    connectHeaders: options.connectHeaders ?? {},
    heartbeat: {
      outgoing: nonNegative("heartbeat.outgoing", options.heartbeat?.outgoing ?? 10_000),
      incoming: nonNegative("heartbeat.incoming", options.heartbeat?.incoming ?? 10_000),
    },
    reconnect: options.reconnect === false ? false : resolveReconnect(options.reconnect),
    connectTimeout: nonNegative("connectTimeout", options.connectTimeout ?? 10_000),
    disconnectTimeout: nonNegative("disconnectTimeout", options.disconnectTimeout ?? 2_000),
    debug: options.debug ?? false,
    redactHeaders: [...defaultRedactedHeaders, ...(options.redactHeaders ?? []).map((h) => h.toLowerCase())],
    onError: options.onError,
    reconnectOnWake: options.reconnectOnWake ?? true,
    maxFrameSize: frameSize(options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE),
  };
}
