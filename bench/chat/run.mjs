// npm run bench (chat part) — <ChatThread> vs @chatscope/chat-ui-kit-react's MessageList vs a plain list,
// side by side in one run, in headless Debian Chromium (Playwright) on 127.0.0.1.
// The same 10,000 variable-height messages (bench/chat/messages.ts) in a 420×640 px box; then 1,000 new
// messages/s for 5 s (batches every 16 ms); then the reader scrolls up 1,500 px while 1,000/s keep coming
// for 2 s. Repetitions alternate between the lists (ABCABC…). Env: CHAT_BENCH_REPS (default 3),
// BENCH_QUICK=1 (1 rep, 2,000 messages: a smoke run), CHAT_BENCH_LISTS=stompkit,stompkit-live (only these
// lists, while iterating; the ratios need chatscope in the same run).
import { fork } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import esbuild from "esbuild";
import { chromium } from "playwright";
import { build } from "vite";
import { SIZE_TARGETS } from "../size.mjs";

const here = import.meta.dirname;
const bench = path.resolve(here, "..");
const repo = path.resolve(bench, "..");
const outDir = path.join(bench, ".build", "chat");
const quick = process.env.BENCH_QUICK === "1";
const reps = Number(process.env.CHAT_BENCH_REPS ?? (quick ? 1 : 3));
const params = {
  initial: quick ? 2_000 : 10_000,
  streamMessages: quick ? 1_000 : 5_000,
  readerMessages: 2_000,
  perSecond: 1_000,
  readerScrollPx: 1_500,
};
// Issue 14's targets: first paint is a ratio to chatscope in the same run (absolute milliseconds are
// noise on a shared machine: printed, not targeted); the live thread's stream is held to the frame
// budget and to a main-thread cost per message.
const TARGETS = {
  speedup: 40,
  listNodes: 150,
  p95FrameMs: 20,
  longTasks: 0,
  heapMB: 10,
  liveUsPerMessage: 150,
  gzip: SIZE_TARGETS.chat,
};
const started = Date.now();
const log = (line) => console.log(`[chat ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const withTimeout = (promise, ms, what) =>
  Promise.race([
    promise,
    sleep(ms).then(() => Promise.reject(new Error(`${what}: timed out after ${ms} ms`))),
  ]);
const median = (xs) => {
  const s = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const maxOf = (xs) => {
  const s = xs.filter((x) => typeof x === "number");
  return s.length ? Math.max(...s) : undefined;
};

const alias = [
  { find: /^stompkit\/chat\/core$/, replacement: path.join(repo, "src/chat/core/index.ts") },
  { find: /^stompkit\/core$/, replacement: path.join(repo, "src/core/index.ts") },
  { find: /^stompkit\/tabs$/, replacement: path.join(repo, "src/tabs/index.ts") },
  { find: /^stompkit\/testing\/react$/, replacement: path.join(repo, "src/testing/react.ts") },
  { find: /^stompkit\/chat\/styles\.css$/, replacement: path.join(repo, "src/chat/styles.css") },
  { find: /^stompkit\/chat$/, replacement: path.join(repo, "src/chat/index.ts") },
  { find: /^stompkit\/testing$/, replacement: path.join(repo, "src/testing/index.ts") },
  { find: /^stompkit$/, replacement: path.join(repo, "src/index.ts") },
];

/** The lists measured. `stompkit` is there once src/chat exports ChatThread and the embedded server exists. */
function lists() {
  const chat = readFileSync(path.join(repo, "src/chat/index.ts"), "utf8");
  const testing = readFileSync(path.join(repo, "src/testing/index.ts"), "utf8");
  const ours = /\bChatThread\b/.test(chat);
  const live = ours && /\bcreateStompXServer\b/.test(testing);
  const only = process.env.CHAT_BENCH_LISTS?.split(",").map((s) => s.trim());
  return [
    ...(ours ? [{ name: "stompkit", label: "stompkit `ChatThread.MessageList` (messages given)" }] : []),
    ...(live
      ? [
          { name: "stompkit-live", label: "stompkit `<ChatThread thread>` live on the StompX server" },
          // The same page with every ACK its own WebSocket message: what coalescing ACKs per task saves.
          {
            name: "stompkit-live-unbatched",
            page: "stompkit-live",
            query: "&batchAcks=0",
            label: "… the same, ACKs not batched (`batchAcks={false}`)",
          },
        ]
      : []),
    { name: "chatscope", label: "@chatscope/chat-ui-kit-react 2.1.1 MessageList" },
    { name: "plain", label: "plain list (every message rendered)" },
  ].filter((c) => !only || only.includes(c.name));
}

// ------------------------------------------------------------------ build: pages (Vite, production) + server module
async function buildPages(names) {
  await build({
    configFile: false,
    root: path.join(here, "pages"),
    base: "./",
    mode: "production",
    logLevel: "warn",
    plugins: [react()],
    resolve: { alias },
    define: { "process.env.NODE_ENV": '"production"' },
    build: {
      outDir,
      emptyOutDir: true,
      // CHAT_BENCH_MINIFY=0 keeps function names, for a profile (bench/chat/profile.mjs).
      minify: process.env.CHAT_BENCH_MINIFY !== "0",
      sourcemap: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 4096,
      rollupOptions: {
        input: Object.fromEntries(names.map((n) => [n, path.join(here, "pages", `${n}.html`)])),
      },
    },
  });
}

/** The embedded StompX server (src/testing) bundled for Node, behind a WebSocket bridge. */
async function buildServerModule() {
  const outfile = path.join(bench, ".build", "chat-node", "stompx.mjs");
  await esbuild.build({
    entryPoints: [path.join(here, "stompxBridge.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    external: ["ws", "@stomp/stompjs", "zustand", "zustand/*"],
    alias: {
      "stompkit/core": path.join(repo, "src/core/index.ts"),
      "stompkit/testing": path.join(repo, "src/testing/index.ts"),
      "stompkit/chat/core": path.join(repo, "src/chat/core/index.ts"),
    },
    logLevel: "error",
  });
  return outfile;
}

// ------------------------------------------------------------------ size (esbuild, minified, gzip -9)
async function chatAppSize() {
  const result = await esbuild.build({
    stdin: {
      contents: `import { StompProvider } from "stompkit";
        import { ChatThread } from "stompkit/chat";
        export function App() {
          return <StompProvider url="wss://example.com/stompx/websocket"><ChatThread thread="1" /></StompProvider>;
        }`,
      loader: "tsx",
      resolveDir: repo,
      sourcefile: "chat-app.tsx",
    },
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    // stompkit/tabs is a lazy chunk (shareAcrossTabs), not part of the app's bundle (bench/size.mjs).
    external: ["react", "react/*", "react-dom", "react-dom/*", "@stomp/stompjs", "stompkit/tabs"],
    plugins: [
      {
        name: "stompkit-src",
        setup(b) {
          b.onResolve({ filter: /^stompkit(\/core|\/chat|\/chat\/core)?$/ }, (args) => ({
            path: path.join(
              repo,
              {
                stompkit: "src/index.ts",
                "stompkit/core": "src/core/index.ts",
                "stompkit/chat": "src/chat/index.ts",
                "stompkit/chat/core": "src/chat/core/index.ts",
              }[args.path],
            ),
          }));
        },
      },
    ],
    metafile: true,
    logLevel: "error",
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.entries(result.metafile.outputs)[0][1].inputs;
  const byPackage = {};
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const m = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const key = m
      ? m[1]
      : file.startsWith("src/chat")
        ? "src/chat"
        : file.startsWith("src/")
          ? "src (core, react)"
          : "app";
    byPackage[key] = (byPackage[key] ?? 0) + bytesInOutput;
  }
  const cssFile = path.join(repo, "src/chat/styles.css");
  const css = existsSync(cssFile)
    ? (await esbuild.transform(readFileSync(cssFile, "utf8"), { loader: "css", minify: true })).code
    : undefined;
  return {
    minified: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    byPackage,
    cssGzip: css === undefined ? undefined : gzipSync(css, { level: 9 }).length,
  };
}

// ------------------------------------------------------------------ server + browser
const cleanups = [];
async function cleanup() {
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch {}
  }
}

async function startServer(stompxModule) {
  const argv = ["--static", outDir, ...(stompxModule ? ["--stompx", stompxModule] : [])];
  const child = fork(path.join(here, "server.mjs"), argv, { silent: true });
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await Promise.race([new Promise((r) => child.once("exit", r)), sleep(2000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
  child.stderr.on("data", (d) => process.stderr.write(`[chat server] ${d}`));
  const port = await withTimeout(
    new Promise((resolve, reject) => {
      let buf = "";
      child.stdout.on("data", (d) => {
        buf += d;
        const m = buf.match(/listening (\d+)/);
        if (m) resolve(Number(m[1]));
      });
      child.once("exit", (code) => reject(new Error(`chat server exited (${code})`)));
    }),
    20_000,
    "chat server start",
  );
  return `http://127.0.0.1:${port}`;
}

let threadSeq = 0;

/** One list, one rep, in a fresh browser context: mount → stream → heap → reader. */
async function runOne(browser, base, list) {
  const context = await browser.newContext({ viewport: { width: 900, height: 800 } });
  try {
    const tab = await context.newPage();
    const errors = [];
    tab.on("pageerror", (e) => errors.push(String(e).split("\n")[0]));
    const cdp = await context.newCDPSession(tab);
    const thread = `bench-${process.pid}-${++threadSeq}`;
    if ((list.page ?? list.name) === "stompkit-live") {
      const seeded = await (await fetch(`${base}/chat/seed?thread=${thread}&n=${params.initial}`)).json();
      if (seeded.error) throw new Error(`seed: ${seeded.error}`);
    }
    await tab.goto(
      `${base}/${list.page ?? list.name}.html?thread=${thread}&base=${encodeURIComponent(base)}${list.query ?? ""}`,
    );
    await tab.waitForFunction(() => window.chatBench?.ready === true, null, { timeout: 20_000 });
    const step = (name) =>
      withTimeout(
        tab.evaluate(([n, p]) => window.chatBench[n](p), [name, params]),
        90_000,
        `${list.name}.${name}`,
      );
    // Main-thread CPU time (thread ticks) of the mount, beside its wall time: on this shared machine
    // the wall time also counts other processes' turns on the CPU; the CPU time does not.
    await tab.evaluate((p) => window.chatBench.prepare(p), params);
    await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
    const cpu = async () =>
      Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
    const cpu0 = await cpu();
    const mount = await step("mount");
    const cpu1 = await cpu();
    mount.mountCpuMs = (cpu1.TaskDuration - cpu0.TaskDuration) * 1000;
    // The stream's main-thread time (every task: socket, parse, ACK, React, layout, paint) per message.
    const cpu2 = await cpu();
    const stream = await step("stream");
    const cpu3 = await cpu();
    stream.streamUsPerMessage = ((cpu3.TaskDuration - cpu2.TaskDuration) * 1e6) / params.streamMessages;
    await cdp.send("Performance.disable");
    await cdp.send("HeapProfiler.collectGarbage");
    const heap = await cdp.send("Runtime.getHeapUsage");
    const reader = await step("reader");
    return { ...mount, ...stream, reader, heapMB: heap.usedSize / 2 ** 20, pageErrors: errors.slice(0, 3) };
  } catch (error) {
    return { error: String(error).split("\n")[0] };
  } finally {
    await withTimeout(context.close(), 20_000, "close").catch(() => {});
  }
}

// ------------------------------------------------------------------ report
const fmt = (x, d = 0) =>
  typeof x === "number" && Number.isFinite(x)
    ? x.toLocaleString("en", { minimumFractionDigits: d, maximumFractionDigits: d })
    : "–";
const yesNo = (runs, key) =>
  runs.length && runs.every((r) => r[key] === true)
    ? "yes"
    : `no (${runs.filter((r) => r[key] === true).length}/${runs.length})`;

function summarize(runs) {
  const ok = runs.filter((r) => !r.error);
  return {
    runs: runs.length,
    ok: ok.length,
    errors: runs.filter((r) => r.error).map((r) => r.error),
    newestMs: median(ok.map((r) => r.newestMs ?? Number.POSITIVE_INFINITY)),
    newestMsMax: maxOf(ok.map((r) => r.newestMs)),
    mountCpuMs: median(ok.map((r) => r.mountCpuMs)),
    streamUsPerMessage: median(ok.map((r) => r.streamUsPerMessage)),
    listNodes: maxOf(ok.flatMap((r) => [r.listNodes, r.listNodesAfterStream])),
    listNodesAfterMount: median(ok.map((r) => r.listNodes)),
    p95FrameMs: median(ok.map((r) => r.p95FrameMs)),
    longTasks: median(ok.map((r) => r.longTasks)),
    longTaskMs: median(ok.map((r) => r.longTaskMs)),
    mountLongTasks: median(ok.map((r) => r.mountLongTasks?.count)),
    heapMB: median(ok.map((r) => r.heapMB)),
    startsAtNewest: ok.length === runs.length && ok.every((r) => r.startsAtNewest === true),
    follows: ok.length === runs.length && ok.every((r) => r.follows === true),
    readerStaysPut: ok.length === runs.length && ok.every((r) => r.reader?.staysPut === true),
    readerMaxDriftPx: maxOf(ok.map((r) => r.reader?.maxDriftPx)),
    readerRowGone: ok.filter((r) => r.reader?.rowGone).length,
    caughtUpMs: median(ok.map((r) => r.caughtUpMs)),
    pageErrors: [...new Set(ok.flatMap((r) => r.pageErrors ?? []))],
  };
}

async function main() {
  const cases = lists();
  log(
    `lists: ${cases.map((c) => c.name).join(", ")}${cases.some((c) => c.name === "stompkit") ? "" : " (stompkit <ChatThread> not built yet: skipped)"}`,
  );
  log("building pages with Vite (production) …");
  await buildPages([...new Set(cases.map((c) => c.page ?? c.name))]);
  const ours = cases.some((c) => c.name === "stompkit");
  const stompxModule = cases.some((c) => (c.page ?? c.name) === "stompkit-live")
    ? await buildServerModule()
    : undefined;
  const size = ours ? await chatAppSize() : undefined;
  if (size) log(`size: ${size.gzip} B gzip (${size.minified} B min)`);
  const base = await startServer(stompxModule);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  cleanups.push(() => withTimeout(browser.close(), 10_000, "browser close"));
  const machine = {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu: readFileSync("/proc/cpuinfo", "utf8")
      .match(/model name\s*:\s*(.*)/)?.[1]
      ?.trim(),
    node: process.version,
    chromium: browser.version(),
    loadavgAtStart: os.loadavg().map((x) => +x.toFixed(2)),
  };
  const runs = Object.fromEntries(cases.map((c) => [c.name, []]));
  for (let r = 1; r <= reps; r++) {
    for (const c of cases) {
      const res = await runOne(browser, base, c);
      runs[c.name].push(res);
      log(
        `rep ${r}/${reps} ${c.name}: ${res.error ? `ERROR ${res.error}` : `newest ${fmt(res.newestMs)} ms (CPU ${fmt(res.mountCpuMs)} ms), ${res.listNodes} nodes, p95 ${fmt(res.p95FrameMs, 1)} ms, ${res.longTasks} long tasks, heap ${fmt(res.heapMB, 1)} MB, follows ${res.follows}, reader drift ${fmt(res.reader?.maxDriftPx, 1)} px`}`,
      );
    }
  }
  const summary = Object.fromEntries(cases.map((c) => [c.name, summarize(runs[c.name])]));
  const speedupOf = (name) =>
    summary[name] && summary.chatscope?.newestMs
      ? summary.chatscope.newestMs / summary[name].newestMs
      : undefined;
  const speedup = speedupOf("stompkit");
  /** The issue's targets for one of our rows (`stompkit`: the list given the messages; `stompkit-live`: the whole thread). */
  const targetsFor = (name) => {
    const s = summary[name];
    if (!s) return [];
    const tag = name === "stompkit" ? "list" : "live";
    const x = speedupOf(name);
    // The issue's first-paint targets compare lists that are given the messages (chatscope, the plain
    // list, `[list]`). The live row's time also holds the WebSocket connect, CONNECTED and the thread
    // and history relays over the network: reported beside them, not measured against them.
    const firstPaint =
      tag === "list"
        ? [
            {
              name: `[${tag}] newest message on screen (ms; this machine's absolute times are noise)`,
              value: s.newestMs,
              info: true,
            },
            {
              name: `[${tag}] ≥ ${TARGETS.speedup}× faster than chatscope`,
              value: x,
              met: x >= TARGETS.speedup,
            },
          ]
        : [
            {
              name: `[${tag}] newest message on screen, from mount through connect, CONNECTED and the thread + history relays`,
              value: s.newestMs,
              info: true,
            },
          ];
    return [
      ...firstPaint,
      {
        name: `[${tag}] ≤ ${TARGETS.listNodes} DOM nodes in the list`,
        value: s.listNodes,
        met: s.listNodes <= TARGETS.listNodes,
      },
      {
        name: `[${tag}] p95 frame interval during the stream ≤ ${TARGETS.p95FrameMs} ms`,
        value: s.p95FrameMs,
        met: s.p95FrameMs <= TARGETS.p95FrameMs,
      },
      { name: `[${tag}] 0 long tasks during the stream`, value: s.longTasks, met: s.longTasks === 0 },
      {
        name: `[${tag}] main-thread time per streamed message, every task of the page (µs)`,
        value: Math.round(s.streamUsPerMessage),
        info: true,
      },
      // What a live message costs beyond rendering it: the live thread minus the same list given the
      // same messages without a socket, in this run (socket, frame guard, stompjs, ACK, store, chat event).
      ...(tag === "live" && summary.stompkit?.streamUsPerMessage !== undefined
        ? [
            {
              name: `[${tag}] main-thread cost per live message ≤ ${TARGETS.liveUsPerMessage} µs (live − the given list, same run)`,
              value: Math.round(s.streamUsPerMessage - summary.stompkit.streamUsPerMessage),
              met: s.streamUsPerMessage - summary.stompkit.streamUsPerMessage <= TARGETS.liveUsPerMessage,
            },
          ]
        : []),
      { name: `[${tag}] JS heap ≤ ${TARGETS.heapMB} MB`, value: s.heapMB, met: s.heapMB <= TARGETS.heapMB },
      {
        name: `[${tag}] starts at and follows the newest in every rep`,
        value: `${s.startsAtNewest && s.follows}`,
        met: s.startsAtNewest && s.follows,
      },
      {
        name: `[${tag}] a reader scrolled up stays put (±2 px) in every rep`,
        value: s.readerRowGone ? `row left the list in ${s.readerRowGone}/${s.runs}` : s.readerMaxDriftPx,
        met: s.readerStaysPut,
      },
    ];
  };
  const targets = [
    ...targetsFor("stompkit"),
    ...targetsFor("stompkit-live"),
    ...(size
      ? [
          {
            name: `app with <ChatThread> ≤ ${TARGETS.gzip.toLocaleString("en")} B gzip`,
            value: size.gzip,
            met: size.gzip <= TARGETS.gzip,
          },
        ]
      : []),
  ];

  const out = [""];
  out.push(
    `chat list bench — ${machine.cpu}, ${machine.nproc} CPU, node ${machine.node}, Chromium ${machine.chromium}`,
  );
  out.push(
    `${params.initial.toLocaleString("en")} variable-height messages in 420×640 px, then ${params.perSecond.toLocaleString("en")}/s for ${params.streamMessages / params.perSecond} s; reader scrolls up ${params.readerScrollPx} px while ${params.readerMessages.toLocaleString("en")} more arrive; medians of ${reps} reps, alternating`,
  );
  out.push("");
  const head = [
    "list",
    "newest on screen (main-thread CPU of the mount)",
    "DOM nodes in the list (after mount / max)",
    "p95 frame",
    "long tasks (stream)",
    "main thread per streamed message",
    "JS heap (after GC)",
    "starts at + follows newest",
    "reader stays put (max drift)",
  ];
  out.push(`| ${head.join(" | ")} |`);
  out.push(`|${head.map((_, i) => (i === 0 ? "---" : i >= 7 ? ":-:" : "--:")).join("|")}|`);
  for (const c of cases) {
    const x = summary[c.name];
    out.push(
      `| ${c.label} | ${fmt(x.newestMs)} ms (${fmt(x.mountCpuMs)} ms) | ${fmt(x.listNodesAfterMount)} / ${fmt(x.listNodes)} | ${fmt(x.p95FrameMs, 1)} ms | ${fmt(x.longTasks)} (${fmt(x.longTaskMs)} ms) | ${fmt(x.streamUsPerMessage)} µs | ${fmt(x.heapMB, 1)} MB | ${x.startsAtNewest && x.follows ? "yes" : `no (starts ${yesNo(runs[c.name], "startsAtNewest")}, follows ${yesNo(runs[c.name], "follows")})`} | ${x.readerStaysPut ? "yes" : "no"} (${x.readerRowGone ? `the row left the list in ${x.readerRowGone}/${x.runs}` : `${fmt(x.readerMaxDriftPx, 1)} px`}) |${x.errors.length ? ` ${x.errors.length} failed: ${x.errors[0]}` : ""}`,
    );
  }
  if (size) {
    out.push("");
    out.push(
      `size: app rendering <StompProvider><ChatThread/></StompProvider>, esbuild --minify, gzip -9, react/react-dom/@stomp/stompjs external: ${fmt(size.gzip)} B gzip (${fmt(size.minified)} B min)${size.cssGzip ? `; styles.css ${fmt(size.cssGzip)} B gzip` : ""}`,
    );
    out.push(
      `   minified bytes by origin: ${Object.entries(size.byPackage)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(", ")}`,
    );
  }
  if (targets.length) {
    out.push("");
    out.push("chat targets:");
    for (const t of targets)
      out.push(
        `   ${t.info ? "INFO  " : t.met ? "MET   " : "MISSED"} ${t.name}: ${typeof t.value === "number" ? fmt(t.value, 1) : t.value}`,
      );
  }
  if (!quick && summary.chatscope?.newestMs) {
    out.push(
      `machine speed: chatscope took ${fmt(summary.chatscope.newestMs)} ms to show the newest message here, 1,524 ms in the research run (shared/research/chat-list-bench.md): this run was ${fmt(summary.chatscope.newestMs / 1524, 1)}× slower; compare ratios, not milliseconds`,
    );
  }
  machine.loadavgAtEnd = os.loadavg().map((x) => +x.toFixed(2));
  out.push(
    `chat total ${((Date.now() - started) / 1000).toFixed(0)} s; load average at start ${machine.loadavgAtStart[0]}, at end ${machine.loadavgAtEnd[0]} (${machine.nproc} CPUs)`,
  );
  console.log(out.join("\n"));

  // Into bench/results/latest.json (key `chat`; bench/run.mjs keeps it when it rewrites the file).
  // A run of some lists only (CHAT_BENCH_LISTS) is not the table: it goes to a scratch file.
  const partial = Boolean(process.env.CHAT_BENCH_LISTS);
  const file = path.join(bench, "results", quick ? "quick.json" : partial ? "chat-lists.tmp" : "latest.json");
  let json = {};
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch {}
  json.chat = {
    date: new Date().toISOString(),
    machine,
    params,
    reps,
    summary,
    speedup,
    size,
    targets,
    runs,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}

const watchdog = setTimeout(async () => {
  console.error("chat bench: global timeout (15 min), stopping");
  await cleanup();
  process.exit(2);
}, 15 * 60_000);
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    await cleanup();
    process.exit(130);
  });
}
if (process.env.CHAT_BENCH_BUILD_ONLY === "1") {
  await buildPages(lists().map((c) => c.name));
  process.exit(0);
}
try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await cleanup();
  // esbuild's service process (used for the size and the server module) can keep Node alive: stop it and
  // end here, so `npm run bench` returns.
  await esbuild.stop?.();
  process.exit(process.exitCode ?? 0);
}
