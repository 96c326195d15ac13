import type { IStompSocket } from "@stomp/stompjs";
import { type ReconnectOptions, type ResolvedReconnect, resolveReconnect } from "./backoff";
import { type BrokerURLOption, checkBrokerURLList, listedURLs } from "./brokerNodes";
import { checkNumber } from "./checkNumber";
import type { Clock } from "./clock";
import type { ConnectHeadersOption } from "./connectHeaders";
import { DEV } from "./dev";
import { StompConfigError, type StompkitError } from "./errors";
import { DEFAULT_MAX_FRAME_SIZE } from "./frameGuard";
import { assertHeaders } from "./headers";
import type { NotifyOption } from "./notifyScheduler";
import type { OutboxOptions } from "./outboxTypes";
import { defaultRedactedHeaders } from "./redact";
import type { SessionEnvironment } from "./wakeups";

export type { BrokerURLOption } from "./brokerNodes";
export type { ConnectHeadersOption } from "./connectHeaders";

export interface HeartbeatOptions {
  /** How often this client sends heart-beats, in ms (0 = never). @default 10000 */
  outgoing?: number;
  /** How often the broker should send them, in ms (0 = never). @default 10000 */
  incoming?: number;
}

export interface StompSessionOptions {
  /**
   * `ws://` or `wss://` URL of the broker's WebSocket endpoint; or the nodes of a broker cluster, tried
   * in turn with a backoff per node (a failed node waits, the next one is tried at once; after a connect
   * the working node comes first); or `(attempt) => url`, called before each attempt. Everything carries
   * over to another node as after any reconnect. `connection.getState().connected.url` shows the node in
   * use (credentials masked). Give this or `webSocketFactory`.
   * @example url: ['wss://mq-a.example.com/ws', 'wss://mq-b.example.com/ws']
   */
  url?: BrokerURLOption;
  /** @deprecated Use `url` (the same option under the name the provider uses). `url` wins when both are given. */
  brokerURL?: BrokerURLOption;
  /**
   * Creates the socket (SockJS, a `ws` client in Node, a test double). Called once per attempt, with
   * the `url` node picked for it (`undefined` without `url`).
   */
  webSocketFactory?: (url: string | undefined) => IStompSocket;
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
  /**
   * Send the ACK/NACK frames of one task together, as one WebSocket message (STOMP is a byte stream;
   * one `WebSocket.send` per batch instead of per message). By default on when CONNECTED's `server`
   * names a broker verified to read several frames from one message (RabbitMQ, stompkit's own
   * servers), off elsewhere (ActiveMQ 5 reads only the first). `true`/`false` decide for every broker.
   */
  batchAcks?: boolean;
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
  brokerURL: BrokerURLOption | undefined;
  webSocketFactory: ((url: string | undefined) => IStompSocket) | undefined;
  connectHeaders: ConnectHeadersOption;
  heartbeat: Required<HeartbeatOptions>;
  reconnect: ResolvedReconnect | false;
  connectTimeout: number;
  disconnectTimeout: number;
  debug: StompSessionOptions["debug"];
  redactHeaders: readonly string[];
  onError: StompSessionOptions["onError"];
  reconnectOnWake: boolean;
  batchAcks: boolean | undefined;
  maxFrameSize: number;
}

const nonNegative = (name: string, value: unknown) => checkNumber(name, value, 0);

const checkFunction = (name: string, value: unknown) => {
  if (value !== undefined && typeof value !== "function")
    throw new StompConfigError(DEV && `${name} must be a function, got ${typeof value}.`);
};

const checkBoolean = (name: string, value: unknown) => {
  if (value !== undefined && typeof value !== "boolean")
    throw new StompConfigError(DEV && `${name} must be true or false, got ${typeof value}.`);
  return value;
};

/** `url`: an absolute `ws:`/`wss:` URL, or `http(s):` with a (SockJS) `webSocketFactory`. */
function checkBrokerURL(url: unknown, hasFactory: boolean): void {
  if (url === undefined || url === "") return;
  let protocol = "";
  try {
    protocol = new URL(url as string).protocol;
  } catch {}
  if (!/^wss?:$/.test(protocol) && !(hasFactory && /^https?:$/.test(protocol)))
    // The URL is not shown: it may carry a password or a token, even when malformed.
    throw new StompConfigError(
      DEV &&
        `url must be an absolute ws:/wss: URL (http/https with a webSocketFactory), got ${protocol || "no URL"}`,
    );
}

const outboxBounds = [
  ["maxMessages", 1, true],
  ["maxBytes", 1, false],
  ["ttl", 1, false],
  ["receiptTimeout", 0, false],
  ["flushBatch", 1, true],
] as const;

/** Validates the offline outbox bounds: a zero, negative, NaN or infinite bound could loop or never flush. */
export function checkOutboxOptions(outbox: OutboxOptions | undefined): void {
  for (const [key, min, integer] of outboxBounds)
    if (outbox?.[key] !== undefined) checkNumber(`outbox.${key}`, outbox[key], min, integer);
  const name = outbox?.idempotencyHeader;
  if (name !== undefined && (typeof name !== "string" || !name || /[\r\n\0:]/.test(name)))
    throw new StompConfigError(DEV && "outbox.idempotencyHeader must be a header name");
}

/**
 * Validates and fills in the options. Every problem is a `StompConfigError` thrown here, by
 * `createStompSession` and `configure()`, so it shows at the line that made it; what can only fail
 * while connecting (a factory that throws or returns nothing) is reported through `onError` instead.
 */
export function resolveSessionOptions(options: StompSessionOptions): ResolvedSessionOptions {
  const url = (options.url ?? options.brokerURL) as unknown;
  if ((url === undefined || url === "") && !options.webSocketFactory)
    throw new StompConfigError(DEV && "Give `url` (e.g. 'wss://example.com/ws') or `webSocketFactory`");
  checkFunction("webSocketFactory", options.webSocketFactory);
  checkFunction("onError", options.onError);
  const debug = options.debug;
  if (debug !== undefined && typeof debug !== "boolean" && typeof debug !== "function")
    throw new StompConfigError(DEV && `debug must be a boolean or a function, got ${typeof debug}.`);
  const headers = options.connectHeaders;
  if (headers !== undefined && typeof headers !== "function") {
    if (typeof headers !== "object" || headers === null)
      throw new StompConfigError(DEV && "connectHeaders must be an object or a function.");
    assertHeaders(headers); // InvalidHeaderError: CONNECT is never escaped
  }
  if (options.unsubscribeDelay !== undefined) nonNegative("unsubscribeDelay", options.unsubscribeDelay);
  checkOutboxOptions(options.outbox);
  if (url !== undefined && typeof url !== "string" && typeof url !== "function" && !Array.isArray(url))
    throw new StompConfigError(DEV && "url must be a URL, a list of URLs or a function (attempt) => URL.");
  checkBrokerURLList(url);
  for (const each of listedURLs(url as BrokerURLOption))
    checkBrokerURL(each, options.webSocketFactory !== undefined);
  return {
    brokerURL: url as BrokerURLOption | undefined,
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
    batchAcks: checkBoolean("batchAcks", options.batchAcks),
    maxFrameSize: checkNumber("maxFrameSize", options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE, 1024, true),
  };
}
