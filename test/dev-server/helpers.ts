import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { Client, type IFrame, type IMessage, type StompHeaders } from "@stomp/stompjs";
import { type DevServer, type DevServerOptions, startDevServer } from "stompkit/dev-server";
import { WebSocket } from "ws";

const servers: DevServer[] = [];
const clients: Client[] = [];

/** A dev server on a free port, silent, closed after the test. */
export async function devServer(options: DevServerOptions = {}): Promise<DevServer> {
  const server = await startDevServer({ port: 0, log: false, ...options });
  servers.push(server);
  return server;
}

export async function closeAll() {
  await Promise.all(clients.splice(0).map((c) => c.deactivate()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await killBins();
}

/** A raw @stomp/stompjs client over `ws`, connected; every MESSAGE and ERROR is kept. */
export async function stompClient(
  url: string,
  user: string,
  extra: Partial<ConstructorParameters<typeof Client>[0]> = {},
) {
  const messages: IMessage[] = [];
  const errors: IFrame[] = [];
  const client = new Client({
    webSocketFactory: () => new WebSocket(url, ["v12.stomp", "v11.stomp"]),
    connectHeaders: { "StompX-User": user },
    reconnectDelay: 0,
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    onStompError: (f) => void errors.push(f),
    ...extra,
  });
  clients.push(client);
  const connected = new Promise<IFrame>((resolve) => {
    client.onConnect = resolve;
  });
  client.activate();
  const frame = await connected;
  return {
    client,
    frame,
    messages,
    errors,
    subscribe(destination: string, headers: StompHeaders = {}) {
      return client.subscribe(destination, (m) => void messages.push(m), headers);
    },
    /** Sends and resolves with the RECEIPT. */
    sendWithReceipt(destination: string, body: string, headers: StompHeaders = {}) {
      const receipt = `r-${Math.random().toString(36).slice(2)}`;
      const done = new Promise<IFrame>((resolve) => client.watchForReceipt(receipt, resolve));
      client.publish({ destination, body, headers: { ...headers, receipt } });
      return done;
    },
  };
}

/** A raw WebSocket speaking STOMP by hand (hostile clients): every message and the close code. */
export async function rawSocket(url: string) {
  const ws = new WebSocket(url, ["v12.stomp"]);
  const received: string[] = [];
  let closeCode: number | undefined;
  const closed = new Promise<number>((resolve) =>
    ws.on("close", (code) => {
      closeCode = code;
      resolve(code);
    }),
  );
  ws.on("message", (data) => received.push(data.toString()));
  ws.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return {
    ws,
    received,
    closed,
    get closeCode() {
      return closeCode;
    },
    send: (data: string | Buffer) => ws.send(data),
    connect(user = "mallory") {
      ws.send(`CONNECT\naccept-version:1.2\nhost:localhost\nStompX-User:${user}\n\n\0`);
      return until(() => received.some((m) => m.startsWith("CONNECTED")));
    },
  };
}

/** Polls (real time) until `check` holds. */
export async function until(check: () => boolean, timeout = 5000): Promise<void> {
  const end = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** POSTs to a /_dev route the way the demo does. */
export const devPost = (
  server: DevServer,
  action: string,
  headers: Record<string, string> = { "x-stompkit-dev": "1" },
) => fetch(`http://127.0.0.1:${server.port}/_dev/${action}`, { method: "POST", headers });

export const body = (m: IMessage) =>
  JSON.parse(m.body) as { type: string; resource: Record<string, unknown> };

const root = path.resolve(import.meta.dirname, "../..");
/** The built bin (dist, built by the project's globalSetup when missing or stale). */
export const binPath = path.join(root, "dist/dev-server/bin.js");
const children: ChildProcess[] = [];

/** Runs `node dist/dev-server/bin.js …args`: its output as it comes, its exit. Killed after the test if still running. */
export function spawnBin(args: string[], options: { cwd?: string; bin?: string } = {}) {
  const child = spawn(process.execPath, [options.bin ?? binPath, ...args], {
    cwd: options.cwd ?? root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    /** Waits for the "listening" line and returns the WebSocket URL in it. */
    async url(timeout = 15_000): Promise<string> {
      await until(() => /brokerURL (ws:\S+)/.test(stdout) || child.exitCode !== null, timeout);
      const url = /brokerURL (ws:\S+)/.exec(stdout)?.[1];
      if (!url) throw new Error(`the bin exited ${child.exitCode}: ${stderr}`);
      return url;
    },
  };
}

/** Kills the bins a test left running. */
export async function killBins() {
  await Promise.all(
    children.splice(0).map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once("exit", () => resolve());
          c.kill("SIGKILL");
        }),
    ),
  );
}
