// Global setups of the broker projects: the real broker must accept TCP connections before any file runs.
// Starts it with its script's `ensure` when it does not; never skips silently.
import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HOST = "127.0.0.1";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function tcpProbe(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function reachable(ports: number[], tries: number): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if ((await Promise.all(ports.map((p) => tcpProbe(p)))).every(Boolean)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/**
 * Makes sure `ports` accept connections, running `bash <script> ensure` when they do not (or always, with
 * `always`: the cluster's script also checks that the nodes are joined).
 */
export async function ensureBroker(what: string, ports: number[], script: string, always = false) {
  if (!always && (await reachable(ports, 4))) return;
  const args = ["ensure"];
  const command = `bash ${script} ${args.join(" ")}`;
  console.log(`[${what}] running: ${command}`);
  const t0 = Date.now();
  const run = spawnSync("bash", [script, ...args], { cwd: root, stdio: "inherit", timeout: 600_000 });
  if (await reachable(ports, 20)) {
    console.log(`[${what}] ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return;
  }
  throw new Error(
    `The ${what} tests need ${ports.map((p) => `${HOST}:${p}`).join(", ")}, and it is not reachable ` +
      `(\`${command}\` exited with ${run.status ?? run.signal ?? run.error}). Run \`${command}\` and see its output.`,
  );
}
