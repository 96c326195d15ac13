// Helpers for the broker project: real RabbitMQ Web-STOMP, real timers, sessions that record every frame.
import { execFile, execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { IStompSocket } from "@stomp/stompjs";
import {
  createStompSession,
  type MessageListener,
  type StompkitError,
  type StompMessage,
  type StompSession,
  type StompSessionOptions,
  type SubscribeOptions,
} from "stompkit/core";
import WebSocket from "ws";
import { target } from "./target";

/** The Web-STOMP URL of the broker under test (RabbitMQ unless the project says otherwise: ./target.ts). */
export const WS_URL = target.url;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type BrokerCommand = "start" | "stop" | "kill" | "pause" | "resume" | "status" | "pid" | "ensure";

/** `bash scripts/rabbitmq.sh <cmd>` (or the target broker's script), synchronously (blocks the event loop: use for the quick commands). */
export function brokerCtl(cmd: BrokerCommand, timeoutMs = 150_000): string {
  return execFileSync("bash", [target.script, cmd], {
    cwd: root,
    timeout: timeoutMs,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

const execFileAsync = promisify(execFile);
/** The same without blocking, so sessions keep running while the broker restarts (`start` takes ~10 s). */
export async function brokerCtlAsync(cmd: BrokerCommand, timeoutMs = 150_000): Promise<string> {
  const { stdout } = await execFileAsync("bash", [target.script, cmd], {
    cwd: root,
    timeout: timeoutMs,
  });
  return stdout.trim();
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `predicate` (real timers) until it returns a truthy value, which it returns. */
export async function waitFor<T>(
  predicate: () => T | undefined | null | false,
  timeoutMs: number,
  what: string,
  intervalMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

let seq = 0;
export const uniqueName = (prefix = "sk") =>
  `${prefix}-${Date.now().toString(36)}-${(++seq).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * A queue for one test: consumers SUBSCRIBE to `/queue/<name>` (durable, deleted by RabbitMQ 60 s after
 * its last use thanks to `x-expires`); producers SEND to `/amq/queue/<name>`, which does not re-declare it
 * (a plain `/queue/` SEND would declare it without `x-expires`, and RabbitMQ closes the connection then).
 */
export function testQueue() {
  return target.queue(uniqueName("q"));
}

// ---- wire recorder ------------------------------------------------------------------------------

export interface WireFrame {
  dir: "in" | "out";
  command: string;
  headers: Record<string, string>;
  body: string;
  at: number;
  socket: number;
  /** Which WebSocket message carried it (one numbering per wire, both directions). */
  message: number;
}

type ParsedFrame = Omit<WireFrame, "dir" | "at" | "socket" | "message">;

export function parseFrames(text: string): ParsedFrame[] {
  const frames: ParsedFrame[] = [];
  for (const chunk of text.split("\0")) {
    const raw = chunk.replace(/^[\r\n]+/, "");
    if (!raw) continue; // heart-beat
    const end = raw.indexOf("\n\n");
    const head = (end >= 0 ? raw.slice(0, end) : raw).split("\n");
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const i = line.indexOf(":");
      const name = line.slice(0, i);
      if (i > 0 && !(name in headers)) headers[name] = line.slice(i + 1);
    }
    frames.push({ command: head[0]!.trim(), headers, body: end >= 0 ? raw.slice(end + 2) : "" });
  }
  return frames;
}

/**
 * Every frame both ways on every socket a session opened (the client-side view of the wire). `url` is the
 * endpoint, or a function of the attempt's socket number (e.g. to alternate between cluster nodes).
 */
export function createWire(url: string | ((socket: number) => string) = WS_URL) {
  const urls: string[] = []; // the URL each socket was opened to
  const frames: WireFrame[] = [];
  const sockets: WebSocket[] = [];
  const closes: { socket: number; code: number; reason: string }[] = []; // close events, in order
  const activity = { lastIn: 0 }; // last data (frame or heart-beat) from the broker
  let messages = 0;
  const record = (dir: WireFrame["dir"], data: unknown, socket: number) => {
    if (dir === "in") activity.lastIn = Date.now();
    if (typeof data !== "string") return; // binary frames are not used by these tests
    const message = messages++;
    for (const f of parseFrames(data)) frames.push({ ...f, dir, at: Date.now(), socket, message });
  };
  return {
    frames,
    sockets,
    urls,
    closes,
    activity,
    /** The session's `webSocketFactory`: opens `url` as the session picked it (a brokerURL list), else this wire's. */
    open(picked?: string): IStompSocket {
      const endpoint = picked ?? (typeof url === "function" ? url(sockets.length) : url);
      const ws = new WebSocket(endpoint, ["v12.stomp", "v11.stomp", "v10.stomp"]);
      const n = sockets.push(ws) - 1;
      urls.push(endpoint);
      const send = ws.send.bind(ws);
      ws.send = ((data: unknown, ...rest: unknown[]) => {
        record("out", data, n);
        return (send as (...a: unknown[]) => void)(data, ...rest);
      }) as typeof ws.send;
      ws.addEventListener("message", (event) => record("in", event.data, n));
      ws.addEventListener("close", (event) =>
        closes.push({ socket: n, code: event.code, reason: event.reason }),
      );
      return ws as unknown as IStompSocket;
    },
    of(command: string, dir: WireFrame["dir"] = "out") {
      return frames.filter((f) => f.command === command && f.dir === dir);
    },
    count(command: string, dir: WireFrame["dir"] = "out") {
      return frames.filter((f) => f.command === command && f.dir === dir).length;
    },
    openSockets: () => sockets.filter((s) => s.readyState !== WebSocket.CLOSED),
  };
}
export type Wire = ReturnType<typeof createWire>;

// ---- sessions -------------------------------------------------------------------------------------

interface Tracked {
  session: StompSession;
  release: () => void;
  wire: Wire;
}
const tracked: Tracked[] = [];

export type TestSessionOptions = Omit<Partial<StompSessionOptions>, "webSocketFactory">;

/** A mounted session on the real broker (guest/guest, 1 s heart-beats, fast reconnect), released after each test. */
export function makeSession(extra: TestSessionOptions = {}, url?: Parameters<typeof createWire>[0]) {
  const wire = createWire(url);
  const errors: StompkitError[] = [];
  const session = createStompSession({
    connectHeaders: { login: "guest", passcode: "guest", host: "/" },
    heartbeat: { outgoing: 1000, incoming: 1000 },
    reconnect: { initialDelay: 200, maxDelay: 1000 },
    notify: "microtask",
    reconnectOnWake: false,
    ...extra,
    webSocketFactory: wire.open,
    onError: (error) => {
      errors.push(error);
      extra.onError?.(error);
    },
  });
  const entry: Tracked = { session, release: session.mount(), wire };
  tracked.push(entry);
  return { session, wire, errors, close: () => closeSession(entry) };
}

async function closeSession(entry: Tracked) {
  const i = tracked.indexOf(entry);
  if (i >= 0) tracked.splice(i, 1);
  entry.release();
  try {
    await waitFor(
      () => !entry.session.diagnostics().socket && entry.wire.openSockets().length === 0,
      6000,
      "the session's sockets to close",
    );
  } finally {
    for (const ws of entry.wire.openSockets()) ws.terminate();
  }
}

/** Releases every session made by the test and waits until their sockets are closed. */
export async function closeAllSessions() {
  await Promise.all([...tracked].map(closeSession));
}

/** Registers the per-test cleanup; `before` runs first (e.g. make sure the broker is up again). */
export function releaseSessionsAfterEach(before?: () => void | Promise<void>) {
  afterEach(async () => {
    await before?.();
    await closeAllSessions();
  });
}

export const isOpen = (session: StompSession) => session.connection.getState().status === "open";

/** Waits until the session is open with at least `connectCount` CONNECTED frames so far. */
export function waitOpen(session: StompSession, timeoutMs = 10_000, connectCount = 1) {
  return waitFor(
    () => isOpen(session) && session.connection.getState().connectCount >= connectCount,
    timeoutMs,
    `the session to be open (connectCount ≥ ${connectCount})`,
  );
}

/** Subscribes with a listener that records every message; resolves once the subscription is `ready`. */
export async function collect<T = unknown>(
  session: StompSession,
  destination: string,
  options: SubscribeOptions<T> = {},
  onMessage?: MessageListener<T>,
) {
  const messages: StompMessage<T>[] = [];
  const handle = session.subscriptions.subscribe<T>(destination, options, (m) => {
    messages.push(m);
    onMessage?.(m);
  });
  await waitFor(() => handle.store.getState().status === "ready", 10_000, `${destination} to be ready`);
  return { handle, messages };
}

/** A consumer and a producer session, both open, and a fresh test queue. */
export async function openPair() {
  const consumer = makeSession();
  const producer = makeSession();
  await Promise.all([waitOpen(consumer.session), waitOpen(producer.session)]);
  return { consumer, producer, q: testQueue() };
}
