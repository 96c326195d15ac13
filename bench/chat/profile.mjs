// Profiles one chat bench page (CPU, self time by function) during mount and during the 1,000/s stream.
// Build the pages unminified first: CHAT_BENCH_MINIFY=0 CHAT_BENCH_BUILD_ONLY=1 node bench/chat/run.mjs
// Usage: node bench/chat/profile.mjs [page=stompkit] [phase=stream|mount] [query, e.g. "&batchAcks=0"]
import { fork } from "node:child_process";
import path from "node:path";
import { chromium } from "playwright";

const here = import.meta.dirname;
const [page = "stompkit", phase = "stream", query = ""] = process.argv.slice(2);
const params = {
  initial: 10_000,
  streamMessages: 5_000,
  readerMessages: 2_000,
  perSecond: 1_000,
  readerScrollPx: 1_500,
};
// The live page needs the StompX server module built by run.mjs (bench/.build/chat-node/stompx.mjs).
const stompx = path.join(here, "../.build/chat-node/stompx.mjs");
const server = fork(
  path.join(here, "server.mjs"),
  ["--static", path.join(here, "../.build/chat"), ...(page === "stompkit-live" ? ["--stompx", stompx] : [])],
  { silent: true },
);
const port = await new Promise((resolve) =>
  server.stdout.on("data", (d) => resolve(Number(String(d).match(/listening (\d+)/)?.[1]))),
);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
try {
  const tab = await browser.newPage({ viewport: { width: 900, height: 800 } });
  const cdp = await tab.context().newCDPSession(tab);
  if (page === "stompkit-live")
    await fetch(`http://127.0.0.1:${port}/chat/seed?thread=bench&n=${params.initial}`);
  await tab.goto(`http://127.0.0.1:${port}/${page}.html?thread=bench${query}`);
  await tab.waitForFunction(() => window.chatBench?.ready === true);
  await tab.evaluate((p) => window.chatBench.prepare(p), params);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  if (phase === "mount") await cdp.send("Profiler.start");
  const mount = await tab.evaluate((p) => window.chatBench.mount(p), params);
  if (phase === "stream") await cdp.send("Profiler.start");
  const result = phase === "stream" ? await tab.evaluate((p) => window.chatBench.stream(p), params) : mount;
  const { profile } = await cdp.send("Profiler.stop");
  const dt = profile.timeDeltas;
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  console.log(JSON.stringify(result));
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
} finally {
  await browser.close();
  server.kill("SIGTERM");
}
