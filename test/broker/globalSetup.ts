// Broker project: the real RabbitMQ (Web-STOMP on 127.0.0.1:15674) must be up before any file runs.
// Starts it with `scripts/rabbitmq.sh ensure` when it is not; never skips silently.
import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HOST = "127.0.0.1";
const PORT = 15674;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function tcpProbe(timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port: PORT });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function reachable(tries: number): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await tcpProbe()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

export default async function setup() {
  if (await reachable(4)) return;
  console.log(`[broker tests] nothing listens on ${HOST}:${PORT}; running: bash scripts/rabbitmq.sh ensure`);
  const run = spawnSync("bash", ["scripts/rabbitmq.sh", "ensure"], {
    cwd: root,
    stdio: "inherit",
    timeout: 180_000,
  });
  if (await reachable(20)) return;
  throw new Error(
    `The broker tests need RabbitMQ Web-STOMP on ws://${HOST}:${PORT}/ws, and it is not reachable ` +
      `(\`bash scripts/rabbitmq.sh ensure\` exited with ${run.status ?? run.signal ?? run.error}). ` +
      "Start it with `bash scripts/rabbitmq.sh ensure` (or `npm run broker -- start`) and see its output.",
  );
}
