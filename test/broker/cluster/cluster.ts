// The two-node RabbitMQ cluster of scripts/rabbitmq-cluster.sh: node URLs and control, for test/broker/cluster.
import { execFile, execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export type NodeName = "a" | "b";
export const NODE_URL: Record<NodeName, string> = {
  a: `ws://127.0.0.1:${process.env.STOMPKIT_CLUSTER_A_WS_PORT ?? 15684}/ws`,
  b: `ws://127.0.0.1:${process.env.STOMPKIT_CLUSTER_B_WS_PORT ?? 15685}/ws`,
};
export const other = (n: NodeName): NodeName => (n === "a" ? "b" : "a");

type ClusterCommand = "start" | "stop" | "kill" | "pause" | "resume" | "status" | "pid";

/** `bash scripts/rabbitmq-cluster.sh <cmd> [node]`, synchronously (quick commands: kill, pause, resume). */
export function clusterCtl(cmd: ClusterCommand, node?: NodeName, timeoutMs = 200_000): string {
  return execFileSync("bash", ["scripts/rabbitmq-cluster.sh", cmd, ...(node ? [node] : [])], {
    cwd: root,
    timeout: timeoutMs,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

const execFileAsync = promisify(execFile);
/** The same without blocking the event loop (a node's `start` takes 10–30 s): sessions keep running. */
export async function clusterCtlAsync(cmd: ClusterCommand, node?: NodeName, timeoutMs = 200_000) {
  const { stdout } = await execFileAsync(
    "bash",
    ["scripts/rabbitmq-cluster.sh", cmd, ...(node ? [node] : [])],
    {
      cwd: root,
      timeout: timeoutMs,
    },
  );
  return stdout.trim();
}

/** Both nodes up and clustered (idempotent: restarts a killed node, resumes a paused one). */
export const clusterUp = async () => void (await clusterCtlAsync("start"));
