// npm run bench (third part) — tabs sharing one connection vs each its own (issue 15), in headless
// Chromium (Debian's) against the StompX dev server (src, bundled here) on 127.0.0.1, same run:
//   1 tab alone · 5 tabs sharing (the leader, the followers) · 5 tabs each with its own connection.
// A Node publisher sends N messages at RATE/s to one topic every tab subscribes to; each message's
// body carries its publish time. Per tab: latency p50/p95 (publish → the page's listener), main-thread
// time per message (CDP TaskDuration over the stream ÷ N), JS heap after GC; per scenario: broker
// connections and the 5 tabs' heap together. Main-thread time is the stream's minus an idle window of the
// same length just before it (beats, timers, GC of an idle tab). Env: TABS_BENCH_N (default 2000),
// TABS_BENCH_RATE (500: five tabs with a connection each saturate this 2-core machine there).

import { readFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@stomp/stompjs";
import react from "@vitejs/plugin-react";
import esbuild from "esbuild";
import { chromium } from "playwright-core";
import { build } from "vite";
import WebSocket from "ws";

const here = import.meta.dirname;
const repo = path.resolve(here, "../..");
const out = path.join(repo, "bench/.build/tabs");
const N = Number(process.env.TABS_BENCH_N ?? 2000);
const RATE = Number(process.env.TABS_BENCH_RATE ?? 500);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (line) => console.log(`[tabs] ${line}`);
const src = (f) => path.join(repo, "src", f);

// ---- build: the page (Vite, production) and the dev server (esbuild, Node)
await build({
  configFile: false,
  root: here,
  base: "./",
  mode: "production",
  logLevel: "warn",
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^stompkit\/core$/, replacement: src("core/index.ts") },
      { find: /^stompkit\/tabs$/, replacement: src("tabs/index.ts") },
      { find: /^stompkit$/, replacement: src("index.ts") },
    ],
  },
  define: { "process.env.NODE_ENV": '"production"' },
  build: {
    outDir: path.join(out, "page"),
    emptyOutDir: true,
    rollupOptions: { input: path.join(here, "page.html") },
  },
});
await esbuild.build({
  entryPoints: [src("dev-server/index.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: path.join(out, "devserver.mjs"),
  external: ["ws", "@stomp/stompjs", "zustand", "zustand/*"],
  alias: {
    "stompkit/core": src("core/index.ts"),
    "stompkit/testing": src("testing/index.ts"),
    "stompkit/chat/core": src("chat/core/index.ts"),
  },
  logLevel: "error",
});
const { startDevServer } = await import(pathToFileURL(path.join(out, "devserver.mjs")).href);
const dev = await startDevServer({ port: 0, log: false });
const pages = http
  .createServer(async (req, res) => {
    const file = path.join(out, "page", new URL(req.url, "http://x").pathname);
    try {
      const body = await readFile(file);
      res
        .writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "text/html" })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
  })
  .listen(0, "127.0.0.1");
await new Promise((r) => pages.once("listening", r));
const origin = `http://127.0.0.1:${pages.address().port}`;

const publisher = new Client({
  webSocketFactory: () => new WebSocket(dev.url, ["v12.stomp"]),
  connectHeaders: { "StompX-User": "publisher" },
  heartbeatIncoming: 0,
  heartbeatOutgoing: 0,
  reconnectDelay: 0,
});
await new Promise((r) => {
  publisher.onConnect = r;
  publisher.activate();
});
const connections = () => dev.stompx.broker.openConnections().length - 1; // without the publisher's

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--renderer-process-limit=20"],
});

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : undefined;
};

/** One scenario: `tabs` pages, sharing or not; the stream; each page's figures. */
async function scenario(name, tabs, share) {
  const context = await browser.newContext();
  // Counts each page's own WebSockets: the leader holds one, a follower none.
  await context.addInitScript(() => {
    const Native = WebSocket;
    window.__sockets = 0;
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        window.__sockets++;
      }
    };
  });
  const list = [];
  for (let i = 0; i < tabs; i++) {
    const page = await context.newPage();
    await page.goto(`${origin}/page.html?url=${encodeURIComponent(dev.url)}&share=${share ? 1 : 0}`);
    list.push({ page, cdp: await context.newCDPSession(page) });
  }
  // Every tab receives: warm-up messages until each has one (subscriptions ready, chunk loaded).
  for (let t = 0; ; t++) {
    publisher.publish({ destination: "/topic/tabs-bench", body: "warmup:0" });
    await sleep(100);
    const got = await Promise.all(list.map(({ page }) => page.evaluate(() => window.bench.received)));
    if (got.every((n) => n > 0)) break;
    if (t > 200) throw new Error(`${name}: a tab never received`);
  }
  await sleep(500);
  const sockets = await Promise.all(list.map(({ page }) => page.evaluate(() => window.__sockets)));
  const open = connections();
  for (const { page, cdp } of list) {
    await page.evaluate(() => {
      window.bench.received = 0;
      window.bench.latencies = [];
    });
    await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
  }
  const metrics = () => Promise.all(list.map(({ cdp }) => cdp.send("Performance.getMetrics")));
  const idleFrom = await metrics();
  await sleep((N / RATE) * 1000);
  const before = await metrics();
  const every = 1000 / RATE;
  const t0 = Date.now();
  for (let i = 0; i < N; i++) {
    publisher.publish({ destination: "/topic/tabs-bench", body: `${i}:${Date.now()}` });
    const due = t0 + (i + 1) * every;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
  }
  for (const { page } of list)
    await page.waitForFunction((n) => window.bench.received >= n, N, { timeout: 60_000 });
  const after = await metrics();
  const streamMs = Date.now() - t0;
  const rows = [];
  for (const [i, { page, cdp }] of list.entries()) {
    const task = (m) => m.metrics.find((x) => x.name === "TaskDuration").value;
    const latencies = await page.evaluate(() => window.bench.latencies);
    await cdp.send("HeapProfiler.collectGarbage");
    const heap = await cdp.send("Runtime.getHeapUsage");
    rows.push({
      tab: i,
      role: !share ? "own connection" : sockets[i] > 0 ? "leader" : "follower",
      p50: pct(latencies, 50),
      p95: pct(latencies, 95),
      // The idle window scaled to the stream's length (it may have run longer than N / RATE).
      usPerMessage:
        ((task(after[i]) -
          task(before[i]) -
          (task(before[i]) - task(idleFrom[i])) * (streamMs / ((N / RATE) * 1000))) *
          1e6) /
        N,
      heapMB: heap.usedSize / 2 ** 20,
    });
  }
  await context.close();
  await sleep(500);
  return { name, tabs, share, connections: open, sockets, rows };
}

const results = [];
for (const [name, tabs, share] of [
  ["1 tab", 1, false],
  ["5 tabs sharing", 5, true],
  ["5 tabs, a connection each", 5, false],
]) {
  log(`${name} …`);
  results.push(await scenario(name, tabs, share));
}
await browser.close();
await publisher.deactivate();
await dev.close();
pages.close();

const fmt = (x, d = 0) => (typeof x === "number" && Number.isFinite(x) ? x.toFixed(d) : "–");
const lines = [
  "",
  `tabs bench — ${os.cpus()[0]?.model ?? "cpu"}, ${os.availableParallelism?.() ?? os.cpus().length} CPU, ${N} messages at ${RATE}/s to one topic, every tab subscribed`,
  "| scenario | broker connections | tab (role) | latency p50 / p95 | main thread per message | JS heap |",
  "|---|--:|---|--:|--:|--:|",
];
for (const r of results) {
  const leader = r.share ? r.rows.find((x) => x.role === "leader") : undefined;
  const followers = r.share ? r.rows.filter((x) => x.role === "follower") : r.rows;
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const show = (label, rows) =>
    lines.push(
      `| ${r.name} | ${r.connections} | ${label} | ${fmt(median(rows.map((x) => x.p50)))} / ${fmt(median(rows.map((x) => x.p95)))} ms | ${fmt(median(rows.map((x) => x.usPerMessage)))} µs | ${fmt(median(rows.map((x) => x.heapMB)), 1)} MB |`,
    );
  if (leader) show("leader", [leader]);
  show(
    r.share
      ? `followers (median of ${followers.length})`
      : r.tabs > 1
        ? `each (median of ${r.tabs})`
        : "the tab",
    followers,
  );
}
const heapOf = (r) => r.rows.reduce((s, x) => s + x.heapMB, 0);
const sharing = results[1];
const separate = results[2];
lines.push(
  "",
  `5 tabs, JS heap together: ${fmt(heapOf(sharing), 1)} MB sharing vs ${fmt(heapOf(separate), 1)} MB each with its own connection; broker connections ${sharing.connections} vs ${separate.connections}`,
);
console.log(lines.join("\n"));
