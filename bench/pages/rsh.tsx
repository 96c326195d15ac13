// react-stomp-hooks 3.0.1, written as its README shows: StompSessionProvider + useSubscription(dest, cb)
// with component state in useState.
import { type ReactNode, StrictMode, useLayoutEffect, useState } from "react";
import { createRoot, type Root } from "react-dom/client";
import { StompSessionProvider, useStompClient, useSubscription } from "react-stomp-hooks";
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
  const [messages, setMessages] = useState<Body[]>([]);
  const [count, setCount] = useState(0);
  useSubscription(dest, (message) => {
    const body = JSON.parse(message.body) as Body;
    setMessages((prev) => (keep > 0 ? [...prev, body].slice(-keep) : [...prev, body]));
    setCount((c) => c + 1);
  });
  useLayoutEffect(() => probe.onCommit(count, 0));
  return (
    <div>
      <output>{count}</output> last {messages[messages.length - 1]?.seq} kept {messages.length}
    </div>
  );
}

function FanItem({ dest, probe, index }: { dest: string; probe: Probe; index: number }) {
  const [count, setCount] = useState(0);
  const [last, setLast] = useState<Body>();
  useSubscription(dest, (message) => {
    setLast(JSON.parse(message.body) as Body);
    setCount((c) => c + 1);
  });
  useLayoutEffect(() => probe.onCommit(count, index));
  return (
    <li>
      {count} {last?.seq}
    </li>
  );
}

function ChurnItem({ dest }: { dest: string }) {
  const [count, setCount] = useState(0);
  useSubscription(dest, () => setCount((c) => c + 1));
  return <i>{count}</i>;
}

function OpenProbe({ onOpen }: { onOpen: () => void }) {
  const client = useStompClient();
  useLayoutEffect(() => {
    if (client) onOpen();
  }, [client, onOpen]);
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
    <StompSessionProvider url={wsUrl}>
      <Sink dest={dest} keep={keep} probe={probe} />
    </StompSessionProvider>,
  );
  await waitForSubscriptions(dest, 1);
  await sleep(50);
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
  const root = mount(<StompSessionProvider url={wsUrl}>{items}</StompSessionProvider>);
  await waitForSubscriptions(dest, components);
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
    <StompSessionProvider url={wsUrl}>
      <OpenProbe onOpen={onOpen} />
      {show &&
        Array.from({ length: components }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
          <ChurnItem key={i} dest={dest} />
        ))}
    </StompSessionProvider>
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
