// Builds bench/micro/core-overhead.ts (stompkit from src/) and runs it against bench/server.mjs, alternating
// raw / stompkit, 5 rounds. Usage: node bench/micro/run.mjs [N=20000]
import { execFileSync, fork } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import esbuild from "esbuild";

const here = import.meta.dirname;
const repo = path.resolve(here, "../..");
const out = path.join(here, "../.build/micro.mjs");
const outNoHooks = path.join(here, "../.build/micro-nohooks.mjs");
// The same code with the observation API's socket hooks (the lines marked `// observe-hook`: one
// `if (taps.size)` per frame each way) stripped: "stompkit" vs "nohooks" is what compiling it in costs (issue 13 §4).
const stripHooks = {
  name: "strip-observe-hooks",
  setup(b) {
    b.onLoad({ filter: /src[\\/]core[\\/](createConnection|guardSocket)\.ts$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      const stripped = text.replace(/^.*\/\/ observe-hook$/gm, "");
      if (stripped === text) throw new Error(`no observe-hook line in ${args.path}`);
      return { contents: stripped, loader: "ts" };
    });
  },
};
for (const [outfile, plugins] of [
  [out, []],
  [outNoHooks, [stripHooks]],
]) {
  await esbuild.build({
    entryPoints: [path.join(here, "core-overhead.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile,
    external: ["ws", "@stomp/stompjs", "zustand", "zustand/*"],
    logLevel: "error",
    alias: { "stompkit/core": path.join(repo, "src/core/index.ts") },
    plugins,
  });
}
const server = fork(path.join(here, "../server.mjs"), ["--port", "0"], { silent: true });
const port = await new Promise((resolve) => {
  server.stdout.on("data", (d) => {
    const m = String(d).match(/listening (\d+)/);
    if (m) resolve(Number(m[1]));
  });
});
const n = process.argv[2] ?? "20000";
// [label, bundle, mode]: "observed" sessions have an observer attached (frames parsed and masked again).
const cases = [
  ["raw-500", out, "raw-500"],
  ["stompkit-500", out, "stompkit-500"],
  ["nohooks-500", outNoHooks, "stompkit-500"],
  ["observed-500", out, "stompkit-observed-500"],
  ["raw-all", out, "raw-all"],
  ["stompkit-all", out, "stompkit-all"],
  ["nohooks-all", outNoHooks, "stompkit-all"],
];
const results = new Map(cases.map(([label]) => [label, []]));
try {
  for (let round = 0; round < 5; round++) {
    for (const [label, file, mode] of cases) {
      const line = execFileSync(process.execPath, ["--expose-gc", file, String(port), n, mode], {
        encoding: "utf8",
        timeout: 60_000,
      });
      process.stdout.write(`${label.padEnd(13)} ${line}`);
      results.get(label).push(JSON.parse(line).ms);
    }
  }
} finally {
  server.kill("SIGTERM");
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log("\nmedian ms of 5 (same run) | raw | stompkit | without observe hooks | hooks cost | observed");
for (const keep of ["500", "all"]) {
  const [raw, sk, bare] = ["raw", "stompkit", "nohooks"].map((c) => median(results.get(`${c}-${keep}`)));
  const observed = results.has(`observed-${keep}`) ? median(results.get(`observed-${keep}`)) : undefined;
  const pct = (((sk - bare) / bare) * 100).toFixed(1);
  const range = (c) =>
    `${Math.min(...results.get(`${c}-${keep}`))}–${Math.max(...results.get(`${c}-${keep}`))}`;
  console.log(
    `keep ${keep} | ${raw} | ${sk} (${range("stompkit")}) | ${bare} (${range("nohooks")}) | ${pct} % | ${observed ?? "–"}`,
  );
}
