import { type IRawFrameType, Parser } from "@stomp/stompjs";
import type { ConnectionState, ConnectionStatus, NegotiatedHeartbeat } from "./connectionStore";
import type { StompSessionBase } from "./createStompSession";
import type { FrameTap } from "./frameTaps";
import { attach, internals } from "./internals";
import type { Outbox } from "./outbox";
import type { ReceiptStatus, ReceiptTracker } from "./receiptTracker";
import { createRedactor, redactUrls } from "./redact";
import { registryInternals, type SubscriptionInspection } from "./subscriptionRegistry";
import { truncate } from "./truncate";

/** Characters of a frame body kept in an `ObservedFrame` (masked first, then cut). */
export const FRAME_BODY_PREVIEW = 200;
/** Connection records kept by `inspectSession(session).history` (the oldest are dropped). */
export const CONNECTION_HISTORY = 50;

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

interface Observation {
  observers: Set<SessionObserver>;
  sources: Set<InspectableSource>;
  history: ConnectionRecord[];
  /** Ends the recording and removes the frame tap (set while observed). */
  stop: (() => void) | undefined;
  diagnostics(): object;
}

const observationOf = (session: StompSessionBase): Observation =>
  attach(session, "observation", () => {
    const observers = new Set<SessionObserver>();
    const sources = new Set<InspectableSource>();
    return {
      observers,
      sources,
      history: [],
      stop: undefined,
      diagnostics: () => ({ observers: observers.size }),
    };
  });

const notify = (o: Observation, call: (observer: SessionObserver) => void) => {
  for (const observer of [...o.observers]) {
    try {
      call(observer);
    } catch {
      // an observer that throws never reaches the socket or the store
    }
  }
};

const decoder = /* @__PURE__ */ new TextDecoder();
const asChunk = (data: unknown): string | ArrayBuffer | undefined => {
  if (typeof data === "string" || data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
  return undefined;
};

/** The broker URL of the session's current (or last) attempt, credentials masked. */
const attemptURL = (session: StompSessionBase) => {
  const url = internals(session).masking().url;
  return url === undefined ? undefined : redactUrls(url);
};

/** Masks text like a debug line (secret headers, URL credentials, known secret values). */
function createMasker(session: StompSessionBase) {
  const live = internals(session);
  let names: readonly string[] | undefined;
  let redactor: (text: string) => string = (text) => text;
  return {
    redact(text: string) {
      const m = live.masking();
      if (names !== m.names) [names, redactor] = [m.names, createRedactor(m.names, m.secrets)];
      return redactor(text);
    },
    isSecret: (name: string) => live.masking().names.includes(name.toLowerCase()),
  };
}

/** Turns raw socket data into masked frames (one parser per socket and direction: frames may span messages). */
function createFrameTap(session: StompSessionBase, o: Observation): FrameTap {
  const mask = createMasker(session);
  let socket: object | undefined;
  let parsers: Record<"in" | "out", Parser> | undefined;
  const toFrame = (direction: "in" | "out", raw: IRawFrameType): ObservedFrame => {
    const headers: Record<string, string> = {};
    for (const [name, value] of raw.headers) {
      if (name in headers) continue; // STOMP: the first of repeated headers wins
      headers[name] = mask.isSecret(name) ? "***" : mask.redact(value);
    }
    const body = raw.binaryBody ?? new Uint8Array();
    const text = decoder.decode(body.subarray(0, FRAME_BODY_PREVIEW * 8));
    return {
      direction,
      command: raw.command ?? "",
      headers,
      destination: headers.destination,
      // Masked before it is cut: a secret split by the cut would not be recognised.
      body: truncate(mask.redact(text), FRAME_BODY_PREVIEW),
      bytes: body.byteLength,
      at: session.clock.now(),
    };
  };
  return (direction, data, from) => {
    const chunk = asChunk(data);
    if (chunk === undefined) return;
    if (socket !== from || !parsers) {
      socket = from;
      const parser = (d: "in" | "out") =>
        new Parser(
          (raw) => {
            const frame = toFrame(d, raw);
            notify(o, (observer) => observer.onFrame?.(frame));
          },
          () => {},
        );
      parsers = { in: parser("in"), out: parser("out") };
    }
    parsers[direction].parseChunk(chunk, false);
  };
}

/** The registry's live entries as the snapshot lists them (mapped here: apps that never inspect pay nothing). */
function inspectSubscriptions(session: StompSessionBase): SubscriptionInspection[] {
  const [entries, byReceipt] = registryInternals(session.subscriptions).view();
  const receiptOf = new Map([...byReceipt].map(([receipt, e]) => [e, receipt]));
  return [...entries.values()].map((e) => {
    const { status, messages, count } = e.buffer.store.getState();
    return {
      id: e.id,
      destination: e.destination,
      refCount: e.refs,
      status,
      buffered: messages.length,
      count,
      receipt: receiptOf.get(e),
    };
  });
}

const record = (session: StompSessionBase, o: Observation, s: ConnectionState, error?: string) => {
  const at = session.clock.now();
  o.history.push({
    at,
    status: s.status,
    attempt: s.attempt,
    delay: s.nextRetryAt === undefined ? undefined : Math.max(0, s.nextRetryAt - at),
    url: attemptURL(session),
    error,
  });
  if (o.history.length > CONNECTION_HISTORY) o.history.splice(0, o.history.length - CONNECTION_HISTORY);
};

/**
 * Observes a session for development tools (the `StompInspector` of `stompkit/devtools`): every frame both
 * ways with secrets masked, and a call whenever the connection changes. Read-only: it changes nothing in
 * the session. Returns the stop function (idempotent).
 *
 * Costs nothing while nobody observes: the socket paths check one `Set`'s size and build no object. While
 * observed, each frame is parsed a second time and masked, and status changes are recorded for
 * `inspectSession(session).history`.
 *
 * @example
 * const stop = observeSession(session, { onFrame: (f) => console.log(f.direction, f.command, f.destination) })
 * @see inspectSession
 */
export function observeSession(session: StompSessionBase, observer: SessionObserver): () => void {
  const o = observationOf(session);
  const entry = { ...observer }; // its own identity: the same observer object may be added twice
  o.observers.add(entry);
  if (o.observers.size === 1) {
    const tap = createFrameTap(session, o);
    internals(session).taps.add(tap);
    record(session, o, session.connection.getState());
    const unsubscribe = session.connection.subscribe((s, previous) => {
      const error = s.lastError !== previous.lastError ? s.lastError?.message : undefined;
      if (
        error !== undefined ||
        s.status !== previous.status ||
        s.attempt !== previous.attempt ||
        s.nextRetryAt !== previous.nextRetryAt
      )
        record(session, o, s, error);
      notify(o, (each) => each.onChange?.());
    });
    o.stop = () => {
      internals(session).taps.delete(tap);
      unsubscribe();
    };
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    o.observers.delete(entry);
    if (o.observers.size === 0) o.stop?.();
  };
}

/**
 * Lists `source` in `inspectSession(session).sources` until the returned function is called (what a chat
 * thread store does while mounted). Observers get `onChange`.
 */
export function registerInspectable(session: StompSessionBase, source: InspectableSource): () => void {
  const o = observationOf(session);
  o.sources.add(source);
  notify(o, (observer) => observer.onChange?.());
  return () => {
    if (o.sources.delete(source)) notify(o, (observer) => observer.onChange?.());
  };
}

/**
 * A read-only snapshot of a session for development tools: connection (status, masked URL, negotiated
 * version and heart-beats, the history recorded while observed), subscriptions, receipts awaited, the
 * outbox and registered sources. Reading it creates nothing: a session that never sent shows no outbox.
 *
 * @example
 * const { connection, subscriptions } = inspectSession(session)
 */
export function inspectSession(session: StompSessionBase): SessionInspection {
  const live = internals(session);
  const at = session.clock.now();
  const s = session.connection.getState();
  const o = live.attached.get("observation") as Observation | undefined;
  const tracker = live.attached.get("receipts") as ReceiptTracker | undefined;
  const outbox = (live.attached.get("outbox") as Outbox | undefined)?.inspect();
  return {
    at,
    connection: {
      status: s.status,
      attempt: s.attempt,
      connectCount: s.connectCount,
      url: s.status === "open" ? (s.connected?.url ?? attemptURL(session)) : attemptURL(session),
      nextRetryIn: s.nextRetryAt === undefined ? undefined : Math.max(0, s.nextRetryAt - at),
      lastError: s.lastError?.message,
      version: s.connected?.version,
      server: s.connected?.server,
      heartbeat: s.connected?.negotiatedHeartbeat,
    },
    history: o ? [...o.history] : [],
    subscriptions: inspectSubscriptions(session),
    receipts: (tracker?.inspect() ?? []).map(({ id, status, since }) => ({ id, status, age: at - since })),
    outbox: outbox && {
      queued: outbox.queued,
      bytes: outbox.bytes,
      oldestAge: outbox.oldestQueuedAt === undefined ? undefined : at - outbox.oldestQueuedAt,
      inflight: outbox.inflight,
    },
    sources: o
      ? [...o.sources].map((src) => ({ kind: src.kind, name: src.name, fields: src.inspect() }))
      : [],
  };
}
