import { type IRawFrameType, Parser } from "@stomp/stompjs";
import type { ConnectionState } from "./connectionStore";
import type { StompSessionBase } from "./createStompSession";
import type { FrameTap } from "./frameTaps";
import { attach, internals } from "./internals";
import type {
  ConnectionRecord,
  InspectableSource,
  ObservedFrame,
  SessionInspection,
  SessionObserver,
} from "./observeTypes";
import type { Outbox } from "./outboxTypes";
import type { ReceiptTracker } from "./receiptTracker";
import { createRedactor, redactUrls } from "./redact";
import { registryInternals, type SubscriptionInspection } from "./subscriptionRegistry";
import { truncate } from "./truncate";

/** Characters of a frame body kept in an `ObservedFrame` (masked first, then cut). */
export const FRAME_BODY_PREVIEW = 200;
/** Connection records kept by `inspectSession(session).history` (the oldest are dropped). */
export const CONNECTION_HISTORY = 50;

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
