// Issue 13 §1: the dev server as an app gets it: `npm pack`, `npm install <tarball>` into an empty folder
// (the registry provides the dependencies and peers), then `node_modules/.bin/stompkit-dev-server`, and a
// chat through it with the @stomp/stompjs and ws that folder has.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const root = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

let work: string;
let server: ChildProcess | undefined;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "stompkit-pack-"));
});
afterAll(() => {
  server?.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

async function until(check: () => boolean, timeout: number, what: string) {
  const end = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("dist: the packed package", () => {
  it("installs from its tarball and its stompkit-dev-server bin chats with that install's stompjs over ws", async () => {
    const packs = path.join(work, "packs");
    const app = path.join(work, "app");
    mkdirSync(packs);
    mkdirSync(app);
    await run("npm", ["pack", "--pack-destination", packs, "--silent"], { cwd: root });
    const tarball = readdirSync(packs).find((f) => /^stompkit-.*\.tgz$/.test(f));
    expect(tarball).toBeDefined();

    writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify({ name: "app", private: true, type: "module" }),
    );
    await run(
      "npm",
      ["install", path.join(packs, tarball!), "--no-audit", "--no-fund", "--loglevel", "error"],
      {
        cwd: app,
        timeout: 240_000,
      },
    );
    const installed = readdirSync(path.join(app, "node_modules"));
    expect(installed).toEqual(expect.arrayContaining(["stompkit", "ws", "@stomp"]));

    const child = spawn(path.join(app, "node_modules/.bin/stompkit-dev-server"), ["--port", "0"], {
      cwd: app,
      stdio: ["ignore", "pipe", "pipe"],
    });
    server = child;
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    await until(() => /brokerURL ws:\S+/.test(stdout) || child.exitCode !== null, 15_000, "the URL line");
    const url = /brokerURL (ws:\S+)/.exec(stdout)?.[1];
    expect(url, stderr).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);

    // The app's own copies: nothing from this repository's node_modules.
    const appRequire = createRequire(path.join(app, "package.json"));
    const stompjsPath = appRequire.resolve("@stomp/stompjs");
    expect(stompjsPath.startsWith(path.join(app, "node_modules"))).toBe(true);
    const { Client } = appRequire("@stomp/stompjs") as typeof import("@stomp/stompjs");
    const { WebSocket } = appRequire("ws") as typeof import("ws");

    const received: string[] = [];
    const client = new Client({
      webSocketFactory: () => new WebSocket(url!, ["v12.stomp"]),
      connectHeaders: { "StompX-User": "ada" },
      reconnectDelay: 0,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
    });
    const connected = new Promise<void>((resolve) => {
      client.onConnect = () => resolve();
    });
    client.activate();
    await connected;
    client.subscribe("/topic/v1/threads/support.messages", (m) => void received.push(m.body));
    const receipt = new Promise<void>((resolve) => client.watchForReceipt("r-1", () => resolve()));
    client.publish({
      destination: "/application/v1/threads/support.message",
      body: JSON.stringify({ type: "TEXT", body: "hello from the tarball" }),
      headers: { receipt: "r-1" },
    });
    await receipt;
    await until(() => received.length === 1, 5000, "the message");
    const event = JSON.parse(received[0]!) as { type: string; resource: { body: string; receipt: string } };
    expect(event.type).toBe("message.created");
    expect(event.resource).toMatchObject({ body: "hello from the tarball", receipt: "r-1" });
    await client.deactivate();

    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    expect(code).toBe(0);
  }, 300_000);
});
