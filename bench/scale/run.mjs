// Scale figures against real RabbitMQ, started when missing: sessions per Node process with 10 subscriptions
// each and memory per session, and end-to-end messages/s for 1, 10 and 100 subscribers on one topic, on the
// single node of scripts/rabbitmq.sh (STOMPKIT_RMQ_* pick another one); the time for every session to move to
// the other node when its node is killed -9 (p50/p95), on the cluster of scripts/rabbitmq-cluster.sh.
// Each measurement runs in a fresh Node process (--expose-gc).
// Usage: node bench/scale/run.mjs [--quick]     (writes bench/results/scale-latest.json; prints a table)
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import esbuild from "esbuild";

const here = import.meta.dirname;
const repo = path.resolve(here, "../..");
const out = path.join(here, "../.build/scale.mjs");
const quick = process.argv.includes("--quick");
const SINGLE = `ws://127.0.0.1:${process.env.STOMPKIT_RMQ_WS_PORT ?? 15674}/ws`;
const A = `ws://127.0.0.1:${process.env.STOMPKIT_CLUSTER_A_WS_PORT ?? 15684}/ws`;
const B = `ws://127.0.0.1:${process.env.STOMPKIT_CLUSTER_B_WS_PORT ?? 15685}/ws`;
const single = (...args) =>
  execFileSync("bash", [path.join(repo, "scripts/rabbitmq.sh"), ...args], { stdio: "inherit" });
const cluster = (...args) =>
  execFileSync("bash", [path.join(repo, "scripts/rabbitmq-cluster.sh"), ...args], { stdio: "inherit" });

await esbuild.build({
  entryPoints: [path.join(here, "scale.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: out,
  external: ["ws", "@stomp/stompjs", "zustand", "zustand/*"],
  logLevel: "error",
  alias: { "stompkit/core": path.join(repo, "src/core/index.ts") },
});

function measure(args, { onReady } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--max-old-space-size=4096", out, ...args], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    let text = "";
    child.stdout.on("data", (d) => {
      text += d;
      if (onReady && text.includes("READY\n")) {
        const go = onReady;
        onReady = undefined;
        Promise.resolve(go()).then(() => child.stdin.write("go\n"), reject);
      }
    });
    child.on("exit", (code) => {
      const line = text.trim().split("\n").at(-1);
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`scale.mjs ${args.join(" ")} exited ${code}: ${text}`));
      }
    });
  });
}

single("ensure");
const results = {
  date: new Date().toISOString(),
  node: process.version,
  sessions: [],
  throughput: [],
  failover: [],
};
const log = (r) => console.log(JSON.stringify(r));

for (const [subs, messages] of quick
  ? [
      [1, 5000],
      [10, 1000],
      [100, 200],
    ]
  : [
      [1, 20000],
      [10, 5000],
      [100, 1000],
    ]) {
  const r = await measure(["throughput", SINGLE, String(subs), String(messages), "100"]);
  results.throughput.push(r);
  log(r);
}
cluster("ensure");
for (const n of quick ? [50] : [100, 500]) {
  const r = await measure(["failover", A, B, String(n)], { onReady: () => cluster("kill", "a") });
  results.failover.push(r);
  log(r);
  cluster("start", "a");
}

// Last: thousands of sessions leave the broker deleting their queues for a while.
for (const n of quick ? [100, 500] : [100, 500, 1000, 2000]) {
  const r = await measure(["sessions", SINGLE, String(n), "10"]);
  results.sessions.push(r);
  log(r);
  if (r.ready < n) break;
}
mkdirSync(path.join(here, "../results"), { recursive: true });
writeFileSync(path.join(here, "../results/scale-latest.json"), `${JSON.stringify(results, null, 2)}\n`);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
console.log("\n| sessions × 10 subscriptions | ready | time to ready | RSS per session | heap per session |");
console.log("|---|---|---|---|---|");
for (const r of results.sessions)
  console.log(
    `| ${r.n} | ${r.ready} | ${(r.readyMs / 1000).toFixed(1)} s | ${kb(r.rssPerSession)} | ${kb(r.heapPerSession)} |`,
  );
console.log(
  "\n| subscribers on one topic | messages × 100 B | published/s | delivered/s (end to end) | reconnects |",
);
console.log("|---|---|---|---|---|");
for (const r of results.throughput)
  console.log(
    `| ${r.subscribers} | ${r.messages} | ${r.messagesPerSec} | ${r.deliveriesPerSec} | ${r.reconnects} |`,
  );
console.log("\n| sessions on the killed node | moved | p50 | p95 | max |");
console.log("|---|---|---|---|---|");
for (const r of results.failover)
  console.log(`| ${r.n} | ${r.moved} | ${r.p50} ms | ${r.p95} ms | ${r.max} ms |`);
