// Investigation tool: CPU-profiles one bench page case in headless Chromium (CDP sampling profiler) and
// prints the functions with the most self time. Needs bench/.build from a previous `npm run bench`.
// Usage: node bench/micro/profile-page.mjs [page=stompkit] [case=throughput] [keep=0] [n=20000]
import { fork } from "node:child_process";
import path from "node:path";
import { chromium } from "playwright";

const [page = "stompkit", fn = "throughput", keep = "0", n = "20000"] = process.argv.slice(2);
const bench = path.resolve(import.meta.dirname, "..");
const server = fork(path.join(bench, "server.mjs"), ["--port", "0", "--static", path.join(bench, ".build")], {
  silent: true,
});
const port = await new Promise((resolve) => {
  server.stdout.on("data", (d) => {
    const m = String(d).match(/listening (\d+)/);
    if (m) resolve(Number(m[1]));
  });
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
});
try {
  const tab = await browser.newPage();
  const cdp = await tab.context().newCDPSession(tab);
  await tab.goto(`http://127.0.0.1:${port}/prod/${page}.html`);
  await tab.waitForFunction(() => window.benchReady);
  const params = {
    dest: `/topic/profile-${Date.now()}`,
    n: +n,
    keep: +keep,
    components: 100,
    timeoutMs: 120_000,
  };
  await tab.evaluate(([f, p]) => window.benchPrepare(f, p), [fn, params]);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  const result = await tab.evaluate(() => window.benchGo());
  const { profile } = await cdp.send("Profiler.stop");
  console.log(JSON.stringify(result));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  for (const id of profile.samples) {
    const { functionName, url, lineNumber, columnNumber } = byId.get(id).callFrame;
    const key = `${functionName || "(anonymous)"} ${url.split("/").pop()}:${lineNumber}:${columnNumber}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const total = profile.samples.length;
  for (const [key, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${((100 * count) / total).toFixed(1).padStart(5)}%  ${key}`);
  }
} finally {
  await browser.close();
  server.kill("SIGTERM");
}
