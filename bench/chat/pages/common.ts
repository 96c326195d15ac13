// The chat-list bench harness, shared by every page: the page supplies a list implementation, the
// runner (bench/chat/run.mjs) drives it step by step through `window.chatBench`.
import { type BenchMessage, benchMessage, benchMessages } from "../messages";

export type { BenchMessage };
export { benchMessage, benchMessages };

/** What a page plugs in. */
export interface ChatListImpl {
  /** Converts the messages to the list's own data shape, before the clock starts (the others get them ready too). */
  prepare?(initial: readonly BenchMessage[]): void;
  /** Renders the list holding `initial` into `host` (a 420×640 px box). */
  mount(host: HTMLElement, initial: readonly BenchMessage[]): void;
  /** Hands over messages `from` … `from + n - 1` at `perSecond`; resolves when the last one was handed over. */
  stream(from: number, n: number, perSecond: number): Promise<void>;
  /** The scrolling element. */
  scroller(): HTMLElement | null;
  /** The element whose subtree is "the list" (its elements are counted). */
  list(): HTMLElement | null;
  /** Messages received so far (to know that a stream has fully arrived). */
  received(): number;
  /** The list loads its own messages (the live case): `mount` gets none. */
  loadsItsOwn?: boolean;
}

export interface Params {
  initial: number;
  streamMessages: number;
  readerMessages: number;
  perSecond: number;
  readerScrollPx: number;
}

declare global {
  interface Window {
    chatBench: {
      ready: boolean;
      /** Builds the messages in the list's own shape (not timed; `mount` does it if not called). */
      prepare(p: Params): void;
      mount(p: Params): Promise<Record<string, unknown>>;
      stream(p: Params): Promise<Record<string, unknown>>;
      reader(p: Params): Promise<Record<string, unknown>>;
    };
  }
}

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The row of message `id` inside the scroller. */
function row(impl: ChatListImpl, id: string): HTMLElement | null {
  return (impl.scroller()?.querySelector(`[data-message-id="${id}"]`) as HTMLElement | null) ?? null;
}

/** The row's bottom edge is inside the scroller's viewport (±2 px): the reader sees the message end. */
function onScreen(impl: ChatListImpl, id: string): boolean {
  const s = impl.scroller();
  const r = row(impl, id);
  if (!s || !r) return false;
  const sr = s.getBoundingClientRect();
  const rr = r.getBoundingClientRect();
  return rr.height > 0 && rr.bottom <= sr.bottom + 2 && rr.bottom > sr.top + 2;
}

/** Checks once per animation frame until `ok()` or the time runs out; resolves with ms since `t0` or undefined. */
async function until(ok: () => boolean, t0: number, timeoutMs: number): Promise<number | undefined> {
  const end = t0 + timeoutMs;
  for (;;) {
    const now = await frame();
    if (ok()) return performance.now() - t0;
    if (now > end) return undefined;
  }
}

function countNodes(el: Element | null | undefined): number | undefined {
  return el ? el.getElementsByTagName("*").length + 1 : undefined;
}

function longTasks() {
  const tasks: number[] = [];
  let observer: PerformanceObserver | undefined;
  try {
    observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push(e.duration);
    });
    observer.observe({ type: "longtask" });
  } catch {}
  return {
    stop() {
      observer?.disconnect();
      return { count: tasks.length, blockedMs: tasks.reduce((a, b) => a + b, 0) };
    },
  };
}

function frames() {
  const intervals: number[] = [];
  let running = true;
  let last = 0;
  const tick = (t: number) => {
    if (!running) return;
    if (last) intervals.push(t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return {
    stop() {
      running = false;
      const s = [...intervals].sort((a, b) => a - b);
      const p = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : undefined);
      return { frames: intervals.length, p50: p(0.5), p95: p(0.95), max: s[s.length - 1] };
    },
  };
}

/** Locally generated stream (the presentational lists): `append` every 16 ms, paced to `perSecond`. */
export function localStream(
  append: (batch: BenchMessage[]) => void,
  from: number,
  n: number,
  perSecond: number,
): Promise<void> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let sent = 0;
    const timer = setInterval(() => {
      const due = Math.min(n, Math.floor(((performance.now() - t0) * perSecond) / 1000));
      if (due > sent) {
        append(benchMessages(from + sent, from + due));
        sent = due;
      }
      if (sent >= n) {
        clearInterval(timer);
        resolve();
      }
    }, 16);
  });
}

/** Installs `window.chatBench` for one list implementation. */
export function register(impl: ChatListImpl) {
  let total = 0;
  let initial: BenchMessage[] | undefined;
  window.chatBench = {
    ready: true,

    prepare(p) {
      initial = impl.loadsItsOwn ? [] : benchMessages(0, p.initial);
      impl.prepare?.(initial);
    },

    /** Renders the 10,000 messages; time until the newest one is on screen. */
    async mount(p) {
      const host = document.getElementById("root")!;
      if (!initial) this.prepare(p);
      total = p.initial;
      const lt = longTasks();
      const t0 = performance.now();
      impl.mount(host, initial ?? []);
      const newestMs = await until(() => onScreen(impl, `m${total - 1}`), t0, 30_000);
      const mountLongTasks = lt.stop();
      // The layout settles (measurement passes of the virtualized lists) before nodes are counted.
      await frame();
      await frame();
      await sleep(100);
      const s = impl.scroller();
      return {
        newestMs,
        startsAtNewest: newestMs !== undefined && onScreen(impl, `m${total - 1}`),
        listNodes: countNodes(impl.list()),
        documentNodes: countNodes(document.documentElement),
        mountLongTasks,
        scrollHeight: s?.scrollHeight,
      };
    },

    /** 1,000 messages/s for 5 s while the reader is at the bottom: frames, long tasks, follows the newest. */
    async stream(p) {
      const f = frames();
      const lt = longTasks();
      const from = total;
      total += p.streamMessages;
      const t0 = performance.now();
      await impl.stream(from, p.streamMessages, p.perSecond);
      const streamMs = performance.now() - t0;
      const t1 = performance.now();
      const caughtUpMs = await until(() => onScreen(impl, `m${total - 1}`), t1, 5_000);
      const fr = f.stop();
      const tasks = lt.stop();
      await frame();
      const follows = onScreen(impl, `m${total - 1}`);
      return {
        streamMs,
        caughtUpMs,
        follows,
        p50FrameMs: fr.p50,
        p95FrameMs: fr.p95,
        maxFrameMs: fr.max,
        frames: fr.frames,
        longTasks: tasks.count,
        longTaskMs: tasks.blockedMs,
        listNodesAfterStream: countNodes(impl.list()),
      };
    },

    /** The reader scrolls up; 1,000 messages/s keep coming for 2 s: the row they read must not move (±2 px). */
    async reader(p) {
      const s = impl.scroller();
      if (!s) return { error: "no scroller" };
      s.scrollTop = Math.max(0, s.scrollTop - p.readerScrollPx);
      for (let i = 0; i < 5; i++) await frame();
      await sleep(200); // the scroll has ended (virtualizers clear isScrolling after ~150 ms)
      const sr = s.getBoundingClientRect();
      const hit = document.elementFromPoint(sr.left + sr.width / 2, sr.top + sr.height / 2);
      const anchor = hit?.closest("[data-message-id]") as HTMLElement | null;
      const id = anchor?.dataset.messageId;
      if (!anchor || !id) return { error: "no message under the viewport's centre" };
      const top = () => {
        const r = row(impl, id);
        return r ? r.getBoundingClientRect().top - s.getBoundingClientRect().top : Number.NaN;
      };
      const top0 = top();
      let maxDrift = 0;
      let rowGone = false;
      let running = true;
      const watch = () => {
        if (!running) return;
        const d = Math.abs(top() - top0);
        if (Number.isNaN(d)) rowGone = true;
        else maxDrift = Math.max(maxDrift, d);
        requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
      const from = total;
      total += p.readerMessages;
      await impl.stream(from, p.readerMessages, p.perSecond);
      // Every message has arrived (the live case lags the server a little) and the layout settled.
      const arrived = await until(() => impl.received() >= total, performance.now(), 5000);
      for (let i = 0; i < 10; i++) await frame();
      running = false;
      const finalDrift = Math.abs(top() - top0);
      if (Number.isNaN(finalDrift)) rowGone = true;
      return {
        anchorId: id,
        maxDriftPx: maxDrift,
        finalDriftPx: Number.isNaN(finalDrift) ? undefined : finalDrift,
        /** The row being read left the DOM (e.g. dropped from the thread's bounded window). */
        rowGone,
        staysPut: !rowGone && maxDrift <= 2 && finalDrift <= 2,
        allArrived: arrived !== undefined,
        scrolledBy: p.readerScrollPx,
      };
    },
  };
}
