// stompkit: StompProvider + useSubscription (default notify: one store notification per animation frame).
import { type ReactNode, StrictMode, useLayoutEffect } from "react";
import { createRoot, type Root } from "react-dom/client";
import { StompProvider, useConnectionState, useSubscription } from "stompkit";
import {
  type BenchCase,
  type Body,
  blast,
  type ChurnParams,
  deferred,
  type FanoutParams,
  frameCounter,
  type RunResult,
  register,
  sleep,
  stats,
  type ThroughputParams,
  waitForSubscriptions,
  wsUrl,
} from "./common";

interface Probe {
  commits: number;
  onCommit(count: number, index: number): void;
}

function Sink({ dest, keep, probe }: { dest: string; keep: number; probe: Probe }) {
  const s = useSubscription<Body>(dest, { keep: keep > 0 ? keep : Number.POSITIVE_INFINITY });
  useLayoutEffect(() => probe.onCommit(s.count, 0));
  return (
    <div>
      <output>{s.count}</output> last {s.last?.body.seq} kept {s.messages.length}
    </div>
  );
}

function FanItem({ dest, probe, index }: { dest: string; probe: Probe; index: number }) {
  const s = useSubscription<Body>(dest, { keep: 1 });
  useLayoutEffect(() => probe.onCommit(s.count, index));
  return (
    <li>
      {s.count} {s.last?.body.seq}
    </li>
  );
}

function ChurnItem({ dest }: { dest: string }) {
  const s = useSubscription<Body>(dest);
  return <i>{s.count}</i>;
}

function OpenProbe({ onOpen }: { onOpen: () => void }) {
  const status = useConnectionState((s) => s.status);
  useLayoutEffect(() => {
    if (status === "open") onOpen();
  }, [status, onOpen]);
  return null;
}

function mount(node: ReactNode, strict = false): Root {
  const el = document.createElement("div");
  document.body.append(el);
  const root = createRoot(el);
  root.render(strict ? <StrictMode>{node}</StrictMode> : node);
  return root;
}

const throughput: BenchCase<ThroughputParams> = async ({ dest, n, keep, timeoutMs }, go) => {
  let t0 = 0;
  let measuring = false;
  let count = 0;
  const done = deferred<RunResult>(timeoutMs, () => ({ timeout: true, count }));
  const probe: Probe = {
    commits: 0,
    onCommit(c) {
      count = c;
      if (!measuring) return;
      probe.commits++;
      if (c >= n) {
        measuring = false;
        done.resolve({ ms: performance.now() - t0, count: c, commits: probe.commits });
      }
    },
  };
  const root = mount(
    <StompProvider url={wsUrl}>
      <Sink dest={dest} keep={keep} probe={probe} />
    </StompProvider>,
  );
  await waitForSubscriptions(dest, 1);
  await sleep(50); // RECEIPT → status "ready" commit happens before the clock starts
  await go();
  const frames = frameCounter();
  measuring = true;
  t0 = performance.now();
  void blast(dest, n);
  const result = await done.promise;
  result.frames = frames.stop();
  root.unmount();
  return result;
};

const fanout: BenchCase<FanoutParams> = async ({ dest, n, components, timeoutMs }, go) => {
  let t0 = 0;
  let measuring = false;
  const finished = new Set<number>();
  const done = deferred<RunResult>(timeoutMs, () => ({ timeout: true, finished: finished.size }));
  const probe: Probe = {
    commits: 0,
    onCommit(c, index) {
      if (!measuring) return;
      probe.commits++;
      if (c >= n) finished.add(index);
      if (finished.size === components) {
        measuring = false;
        done.resolve({ ms: performance.now() - t0, commits: probe.commits });
      }
    },
  };
  const items = Array.from({ length: components }, (_, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
    <FanItem key={i} dest={dest} probe={probe} index={i} />
  ));
  const root = mount(<StompProvider url={wsUrl}>{items}</StompProvider>);
  await waitForSubscriptions(dest, 1);
  await sleep(50);
  const before = await stats(dest);
  await go();
  const frames = frameCounter();
  measuring = true;
  t0 = performance.now();
  void blast(dest, n);
  const result = await done.promise;
  result.frames = frames.stop();
  result.subscribeFrames = before.dest?.subscribeFrames;
  result.liveSubscriptions = before.dest?.liveSubscriptions;
  root.unmount();
  return result;
};

const churn: BenchCase<ChurnParams> = async (
  { dest, components, cycles, intervalMs, settleMs, strict },
  go,
) => {
  let onOpen!: () => void;
  const open = new Promise<void>((resolve) => {
    onOpen = resolve;
  });
  const tree = (show: boolean) => (
    <StompProvider url={wsUrl}>
      <OpenProbe onOpen={onOpen} />
      {show &&
        Array.from({ length: components }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
          <ChurnItem key={i} dest={dest} />
        ))}
    </StompProvider>
  );
  const el = document.createElement("div");
  document.body.append(el);
  const root = createRoot(el);
  const render = (show: boolean) => root.render(strict ? <StrictMode>{tree(show)}</StrictMode> : tree(show));
  render(false);
  await open;
  await go();
  for (let i = 0; i < cycles; i++) {
    render(true);
    await sleep(intervalMs);
    render(false);
    await sleep(intervalMs);
  }
  await sleep(settleMs);
  const mounted = await stats(dest);
  root.unmount();
  const t = performance.now();
  let after = await stats();
  while (after.liveSockets > 0 && performance.now() - t < 3000) {
    await sleep(20);
    after = await stats();
  }
  return {
    subscribeFrames: mounted.dest?.subscribeFrames,
    unsubscribeFrames: mounted.dest?.unsubscribeFrames,
    liveSubscriptions: mounted.dest?.liveSubscriptions,
    socketsWhileMounted: mounted.liveSockets,
    socketsAfterUnmount: after.liveSockets,
  };
};

register({ throughput, fanout, churn });
