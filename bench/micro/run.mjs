// Builds bench/micro/core-overhead.ts (stompkit from src/) and runs it against bench/server.mjs, alternating
// raw / stompkit, 5 rounds. Usage: node bench/micro/run.mjs [N=20000]
import { execFileSync, fork } from "node:child_process";
import path from "node:path";
import esbuild from "esbuild";

const here = import.meta.dirname;
const repo = path.resolve(here, "../..");
const out = path.join(here, "../.build/micro.mjs");
await esbuild.build({
  entryPoints: [path.join(here, "core-overhead.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: out,
  external: ["ws", "@stomp/stompjs", "zustand", "zustand/*"],
  logLevel: "error",
  alias: { "stompkit/core": path.join(repo, "src/core/index.ts") },
});
const server = fork(path.join(here, "../server.mjs"), ["--port", "0"], { silent: true });
const port = await new Promise((resolve) => {
  server.stdout.on("data", (d) => {
    const m = String(d).match(/listening (\d+)/);
    if (m) resolve(Number(m[1]));
  });
});
const n = process.argv[2] ?? "20000";
try {
  for (let round = 0; round < 5; round++) {
    for (const mode of ["raw-500", "stompkit-500", "raw-all", "stompkit-all"]) {
      const line = execFileSync(process.execPath, ["--expose-gc", out, String(port), n, mode], {
        encoding: "utf8",
        timeout: 60_000,
      });
      process.stdout.write(line);
    }
  }
} finally {
  server.kill("SIGTERM");
}
