// Investigation tool (not part of `npm run bench`): per-message cost and retained memory of stompkit's core
// (createStompSession + subscription registry + buffer) vs a raw @stomp/stompjs Client, in Node against
// bench/server.mjs, where the WebSocket path is ~15× cheaper than in Chromium so library overhead stands out.
// Run: node bench/micro/run.mjs
import { Client, type IStompSocket } from "@stomp/stompjs";
import { createStompSession, observeSession } from "stompkit/core";
import WebSocket from "ws";

const port = Number(process.argv[2]);
const N = Number(process.argv[3] ?? 20000);
const mode = process.argv[4] ?? "raw-all";
const url = `ws://127.0.0.1:${port}/ws`;
const factory = () => new WebSocket(url, ["v12.stomp"]) as unknown as IStompSocket;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const blast = (dest: string) =>
  fetch(`http://127.0.0.1:${port}/blast?dest=${encodeURIComponent(dest)}&n=${N}`);
const waitSubs = async (dest: string) => {
  for (;;) {
    const s = (await (
      await fetch(`http://127.0.0.1:${port}/stats?dest=${encodeURIComponent(dest)}`)
    ).json()) as {
      dest: { liveSubscriptions: number };
    };
    if (s.dest.liveSubscriptions > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
};

const dest = `/topic/micro-${Date.now()}`;
const keep = mode.endsWith("-all") ? 0 : 500;
let retained: unknown;
gc();
const heap0 = process.memoryUsage().heapUsed;
const cpu0 = process.cpuUsage();
let t0 = 0;
const done = new Promise<number>((resolve) => {
  if (mode.startsWith("raw")) {
    const client = new Client({ webSocketFactory: factory });
    const messages: unknown[] = [];
    retained = messages;
    let count = 0;
    client.onConnect = () => {
      client.subscribe(dest, (frame) => {
        messages.push(JSON.parse(frame.body));
        if (keep && messages.length > keep) messages.shift();
        if (++count === N) resolve(performance.now() - t0);
      });
      void waitSubs(dest).then(() => {
        t0 = performance.now();
        void blast(dest);
      });
    };
    client.activate();
  } else {
    const session = createStompSession({ webSocketFactory: factory, notify: "microtask" });
    if (mode.includes("observed")) observeSession(session, { onFrame: () => {} });
    session.mount();
    const h = session.subscriptions.subscribe(dest, { keep: keep || Number.POSITIVE_INFINITY });
    retained = h;
    h.store.subscribe((s) => {
      if (s.count === N) resolve(performance.now() - t0);
    });
    void waitSubs(dest).then(() => {
      t0 = performance.now();
      void blast(dest);
    });
  }
});
const ms = await done;
const cpu = process.cpuUsage(cpu0);
gc();
const heap1 = process.memoryUsage().heapUsed;
console.log(
  JSON.stringify({
    mode,
    n: N,
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    retainedBytesPerMessage: Math.round((heap1 - heap0) / N),
    alive: retained !== undefined,
  }),
);
process.exit(0);
