// Helpers shared by the bench pages (same origin as the broker's HTTP control channel).

export interface ServerStats {
  subscribeFrames: number;
  unsubscribeFrames: number;
  liveSockets: number;
  liveSubscriptions: number;
  dest?: { subscribeFrames: number; unsubscribeFrames: number; liveSubscriptions: number };
}

export interface RunResult {
  ms?: number;
  timeout?: boolean;
  commits?: number;
  frames?: number;
  error?: string;
  [extra: string]: unknown;
}

export const wsUrl = `ws://${location.host}/ws`;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function stats(dest?: string): Promise<ServerStats> {
  const res = await fetch(`/stats${dest ? `?dest=${encodeURIComponent(dest)}` : ""}`, { cache: "no-store" });
  return (await res.json()) as ServerStats;
}

/** Polls the broker until `dest` has at least `count` live subscriptions. */
export async function waitForSubscriptions(dest: string, count: number, timeoutMs = 15_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    const s = await stats(dest);
    if ((s.dest?.liveSubscriptions ?? 0) >= count) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${count} subscriptions on ${dest}`);
}

export function blast(dest: string, n: number): Promise<Response> {
  return fetch(`/blast?dest=${encodeURIComponent(dest)}&n=${n}`, { cache: "no-store" });
}

/** Counts animation frames from now until stop() is called. */
export function frameCounter() {
  let frames = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    frames++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return {
    stop() {
      running = false;
      return frames;
    },
  };
}

/** A promise with its resolve, and a timeout that resolves it with `{ timeout: true }`. */
export function deferred<T>(timeoutMs: number, onTimeout: () => T) {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  const timer = setTimeout(() => resolve(onTimeout()), timeoutMs);
  return {
    promise: promise.finally(() => clearTimeout(timer)),
    resolve,
  };
}

export interface Body {
  seq: number;
  symbol: string;
  price: number;
  pad: string;
}

export interface ThroughputParams {
  dest: string;
  n: number;
  /** Messages kept; 0 = all. */
  keep: number;
  timeoutMs: number;
}
export interface FanoutParams {
  dest: string;
  n: number;
  components: number;
  timeoutMs: number;
}
export interface ChurnParams {
  dest: string;
  components: number;
  cycles: number;
  intervalMs: number;
  settleMs: number;
  strict: boolean;
}

/** A case: sets up, awaits `go()` (the runner samples CPU counters then), measures. */
export type BenchCase<P> = (params: P, go: () => Promise<void>) => Promise<RunResult>;

declare global {
  interface Window {
    benchReady: boolean;
    /** Sets a case up; resolves when it is ready to measure. */
    benchPrepare(name: string, params: unknown): Promise<void>;
    /** Starts the prepared case; resolves with its result. */
    benchGo(): Promise<RunResult>;
  }
}

/** Installs the page's cases behind benchPrepare/benchGo. */
export function register(cases: Record<string, BenchCase<never>>) {
  let start!: () => void;
  let result: Promise<RunResult> | undefined;
  window.benchPrepare = (name, params) =>
    new Promise<void>((ready, fail) => {
      const go = new Promise<void>((resolve) => {
        start = resolve;
      });
      const run = cases[name];
      if (!run) return fail(new Error(`no case ${name}`));
      result = run(params as never, () => {
        ready();
        return go;
      }).catch((error: unknown) => {
        fail(error);
        return { error: String(error) };
      });
    });
  window.benchGo = () => {
    start();
    return result!;
  };
  window.benchReady = true;
}
