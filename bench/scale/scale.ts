// One measurement per process (so memory figures start clean): `node scale.mjs <mode> <args…>`, prints one
// JSON line. Built by bench/scale/run.mjs with stompkit/core from src/. Modes:
//   sessions <url> <n> <subsPerSession>   open n sessions, each with that many subscriptions; memory per session
//   throughput <url> <subscribers> <messages> <bytes>   one publisher → one topic → n subscriber sessions
//   failover <urlA> <urlB> <n>            n sessions on A (brokerURL [A, B]); prints READY, waits for "kill"
//                                         on stdin, then the time each session took to open on B
import { createStompSession, type StompSession } from "stompkit/core";
import WebSocket from "ws";

const PROTOCOLS = ["v12.stomp", "v11.stomp", "v10.stomp"];
const factory = (url: string) => () => new WebSocket(url, PROTOCOLS) as never;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function until(pred: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function session(url: string | string[], extra: Record<string, unknown> = {}) {
  const s = createStompSession({
    ...(Array.isArray(url) ? { brokerURL: url } : { webSocketFactory: factory(url) }),
    ...(Array.isArray(url)
      ? { webSocketFactory: (u?: string) => new WebSocket(u!, PROTOCOLS) as never }
      : {}),
    connectHeaders: { login: "guest", passcode: "guest", host: "/" },
    heartbeat: { outgoing: 10_000, incoming: 10_000 },
    reconnect: { initialDelay: 200, maxDelay: 2000 },
    notify: "microtask",
    reconnectOnWake: false,
    ...extra,
  } as never);
  return { session: s, release: s.mount() };
}

type Handle = ReturnType<StompSession["subscriptions"]["subscribe"]>;
const isReady = (h: Handle) => h.store.getState().status === "ready";

const memory = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers };
};

async function sessions(url: string, n: number, subs: number) {
  const base = memory();
  const t0 = Date.now();
  const all: { session: StompSession; release: () => void; handles: Handle[] }[] = [];
  const run = Date.now().toString(36);
  for (let i = 0; i < n; i++) {
    const s = session(url);
    const handles = Array.from({ length: subs }, (_, k) =>
      s.session.subscriptions.subscribe(`/topic/bench.${run}.${i}.${k}`, {}, () => {}),
    );
    all.push({ ...s, handles });
    if (i % 50 === 49) await sleep(0);
  }
  const ready = () => all.filter((s) => s.session.connected && s.handles.every(isReady)).length;
  let readyCount = 0;
  let error: string | undefined;
  try {
    await until(
      () => {
        readyCount = ready();
        return readyCount === n;
      },
      120_000,
      `${n} sessions ready`,
    );
  } catch (e) {
    error = String(e);
  }
  const readyMs = Date.now() - t0;
  const used = memory();
  for (const s of all) s.release();
  await sleep(500);
  return {
    mode: "sessions",
    n,
    subs,
    ready: readyCount,
    readyMs,
    rssPerSession: Math.round((used.rss - base.rss) / n),
    heapPerSession: Math.round((used.heap - base.heap) / n),
    rssTotal: used.rss,
    error,
  };
}

async function throughput(url: string, subscribers: number, messages: number, bytes: number) {
  const topic = `/topic/bench.tp.${Date.now().toString(36)}`;
  const counts = new Array<number>(subscribers).fill(0);
  let lastAt = 0;
  const subs = Array.from({ length: subscribers }, (_, i) => {
    const s = session(url);
    const handle = s.session.subscriptions.subscribe(topic, { keep: 1, parse: "text" }, () => {
      counts[i]!++;
      lastAt = Date.now();
    });
    return { ...s, handle };
  });
  const pub = session(url);
  await until(
    () => pub.session.connected && subs.every((s) => isReady(s.handle)),
    60_000,
    "subscribers ready",
  );
  const body = "x".repeat(bytes);
  const t0 = Date.now();
  // Flow control end to end: every 200th send asks for a RECEIPT, and the publisher waits for it before
  // the next window (a fire-and-forget flood only measures how fast RabbitMQ can buffer, then blocks).
  // The window shrinks with the fan-out, so about 2,000 deliveries are in flight at most.
  const WINDOW = Math.max(5, Math.min(200, Math.floor(2000 / subscribers)));
  let error: string | undefined;
  try {
    for (let i = 0; i < messages; i += WINDOW) {
      const n = Math.min(WINDOW, messages - i);
      for (let k = 0; k < n - 1; k++) void pub.session.send(topic, body, { contentType: "text/plain" });
      await pub.session.send(topic, body, { contentType: "text/plain", receipt: true, timeout: 60_000 });
    }
  } catch (e) {
    error = String(e);
  }
  const total = messages * subscribers;
  const deliveries = () => counts.reduce((a, b) => a + b, 0);
  try {
    if (!error) await until(() => deliveries() === total, 180_000, `${total} deliveries`);
  } catch (e) {
    error = String(e);
  }
  const ms = Math.max(1, lastAt - t0);
  const reconnects = [...subs, pub].reduce((n, s) => n + s.session.connection.getState().connectCount - 1, 0);
  for (const s of [...subs, pub]) s.release();
  await sleep(300);
  return {
    mode: "throughput",
    subscribers,
    messages,
    bytes,
    delivered: deliveries(),
    ms,
    messagesPerSec: Math.round((messages / ms) * 1000),
    deliveriesPerSec: Math.round((deliveries() / ms) * 1000),
    reconnects,
    error,
  };
}

async function failover(a: string, b: string, n: number) {
  const all = Array.from({ length: n }, (_, i) => {
    const s = session([a, b], { heartbeat: { outgoing: 1000, incoming: 1000 } });
    return { ...s, handle: s.session.subscriptions.subscribe(`/topic/bench.fo.${i}`, {}, () => {}) };
  });
  await until(
    () => all.every((s) => s.session.connected && s.session.connection.getState().connected?.url === a),
    60_000,
    "every session open on A",
  );
  process.stdout.write("READY\n");
  await new Promise<void>((r) => process.stdin.once("data", () => r()));
  const killedAt = Date.now();
  const moved = new Array<number>(n).fill(-1);
  await until(
    () => {
      for (const [i, s] of all.entries()) {
        // moved = open on B with its subscription re-issued and confirmed
        if (moved[i]! < 0 && s.session.connection.getState().connected?.url === b && isReady(s.handle))
          moved[i] = Date.now() - killedAt;
      }
      return moved.every((m) => m >= 0);
    },
    60_000,
    "every session open on B",
  ).catch(() => {});
  for (const s of all) s.release();
  const done = moved.filter((m) => m >= 0).sort((x, y) => x - y);
  const pct = (p: number) => done[Math.min(done.length - 1, Math.ceil((p / 100) * done.length) - 1)] ?? -1;
  await sleep(300);
  return { mode: "failover", n, moved: done.length, p50: pct(50), p95: pct(95), max: done.at(-1) ?? -1 };
}

const [mode, ...args] = process.argv.slice(2);
const result =
  mode === "sessions"
    ? await sessions(args[0]!, Number(args[1]), Number(args[2] ?? 10))
    : mode === "throughput"
      ? await throughput(args[0]!, Number(args[1]), Number(args[2]), Number(args[3] ?? 100))
      : mode === "failover"
        ? await failover(args[0]!, args[1]!, Number(args[2]))
        : undefined;
if (!result) {
  console.error("usage: scale.mjs sessions|throughput|failover …");
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
