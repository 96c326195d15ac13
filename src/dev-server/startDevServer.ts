import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type BrokerLimits,
  createStompXServer,
  type StompXLimits,
  type StompXServer,
} from "stompkit/testing";
import { type WebSocket, WebSocketServer } from "ws";
import { createDataWriter, readDataFile } from "./dataFile";
import { type DevSeed, DevServerConfigError, defaultSeed, parseSeed } from "./seedFile";
import { createWsLink } from "./wsLink";

/** The dialects the dev server speaks (see `stompkit/chat`'s profiles). */
export const devServerProfiles = ["stompx-2020", "stompx-1", "stompx-2"] as const;
export type DevServerProfile = (typeof devServerProfiles)[number];

/** The documented default port: no broker here uses it (RabbitMQ 15674/61613, ActiveMQ 61614/61616). */
export const DEFAULT_DEV_SERVER_PORT = 15690;

/** What one client may cost the dev server. */
export interface DevServerLimits extends BrokerLimits, StompXLimits {
  /** Open WebSockets at once; more get HTTP 503. */
  maxConnections?: number;
  /** Bytes waiting to reach one client before it counts as a slow reader and is cut off. */
  maxBufferedBytes?: number;
}

/** The dev server's defaults: generous for an app in development, bounded against a hostile one. */
export const defaultDevServerLimits: Required<DevServerLimits> = {
  maxFrameSize: 1024 * 1024,
  maxHeaders: 64,
  maxHeaderLength: 16 * 1024,
  maxSubscriptions: 256,
  maxUnacked: 10_000,
  maxQueued: 10_000,
  maxConnections: 256,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxThreads: 1_000,
  maxMessagesPerThread: 10_000,
};

export interface DevServerOptions {
  /** @default 15690 (`0`: any free port) */
  port?: number;
  /** Interface to listen on. Anything but loopback exposes a server without authentication. @default "127.0.0.1" */
  host?: string;
  /** @default "stompx-2020" (the seed's dialect) */
  profile?: DevServerProfile;
  /** Threads to start with: a seed, or the path of a seed JSON file. Ignored when `data` exists. @default a few threads with history */
  seed?: DevSeed | string;
  /** Keep history in this JSON file (written atomically before each RECEIPT); restored on start. */
  data?: string;
  /** CONNECTED `heart-beat` offered. @default "10000,10000" */
  heartbeat?: string;
  limits?: DevServerLimits;
  /** One line per event (listening, connect, disconnect, faults). @default console.log; `false` for none */
  log?: ((line: string) => void) | false;
}

/** A running dev server. */
export interface DevServer {
  /** The WebSocket URL to give `brokerURL`. */
  url: string;
  port: number;
  host: string;
  /** The StompX server underneath (seed, post, messages, faults). */
  stompx: StompXServer;
  /** Closes every socket (clients reconnect): as `POST /_dev/drop`. */
  drop(): void;
  /** Freezes every socket, new ones included: nothing read, nothing written, no heart-beats. */
  pause(): void;
  resume(): void;
  /** Closes every socket with 1001, waits for the data file, stops listening. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const STOMP_PROTOCOLS = ["v12.stomp", "v11.stomp", "v10.stomp"];

/**
 * Starts the StompX dev server: `createStompXServer` (the same broker core and StompX logic as the
 * in-memory one) on a real WebSocket, for developing an app without a ChatKitty account or a broker.
 * Not a production server: no authentication, one process, history in memory or one JSON file.
 *
 * @example
 * const server = await startDevServer({ port: 0, log: false })
 * // <StompProvider brokerURL={server.url} connectHeaders={{ "StompX-User": "ada" }}>
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const limits = { ...defaultDevServerLimits, ...options.limits };
  const log = options.log === false ? () => {} : (options.log ?? ((line: string) => console.log(line)));
  const profile = options.profile ?? "stompx-2020";
  if (!devServerProfiles.includes(profile))
    throw new DevServerConfigError(`unknown profile "${profile}": one of ${devServerProfiles.join(", ")}`);

  const saved = options.data ? await readDataFile(options.data) : undefined;
  const seed = saved ? undefined : await loadSeed(options.seed);
  let writer: ReturnType<typeof createDataWriter> | undefined;
  const stompx = createStompXServer({
    profile,
    limits,
    brokerOptions: {
      heartbeat: options.heartbeat ?? "10000,10000",
      server: "stompkit-dev-server/1",
      limits,
      record: false,
    },
    beforeConfirm: options.data ? () => writer!.save() : undefined,
  });
  if (saved) stompx.restore(saved);
  for (const t of seed?.threads ?? []) stompx.seed(t.id, t.messages ?? [], t.name);
  if (options.data) {
    writer = createDataWriter(options.data, () => stompx.snapshot());
    await writer.save();
  }

  const links = new Map<WebSocket, ReturnType<typeof createWsLink>>();
  let paused = false;

  const http = createServer((req, res) => route(req, res));
  const wss = new WebSocketServer({
    server: http,
    maxPayload: limits.maxFrameSize + 1024, // one WebSocket message; frames split across messages are checked as they arrive
    handleProtocols: (offered) => STOMP_PROTOCOLS.find((p) => offered.has(p)) ?? false,
    verifyClient: (_info, done) =>
      links.size >= limits.maxConnections ? done(false, 503, "Too many connections") : done(true),
  });
  // ws re-emits the HTTP server's errors (EADDRINUSE on listen) on the WebSocketServer: without a
  // listener that is an uncaught exception instead of the rejection below.
  wss.on("error", () => {});

  wss.on("connection", (ws, req) => {
    const peer = req.socket.remoteAddress ?? "?";
    const wsLink = createWsLink(ws, limits.maxBufferedBytes, () => log(`slow reader ${peer}: dropped`));
    links.set(ws, wsLink);
    const accepted = stompx.broker.accept(wsLink.link);
    const id = accepted.connection.id;
    if (paused) wsLink.pause();
    log(`+ connection #${id} from ${peer} (${links.size} open)`);
    ws.on("message", (data: Buffer, isBinary) => {
      const chunk = isBinary
        ? (data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer)
        : data.toString("utf8");
      accepted.fromClient(chunk);
    });
    ws.on("error", () => {}); // a client's protocol error: ws closes the socket, "close" follows
    ws.on("close", (code) => {
      links.delete(ws);
      const h = accepted.connection.connectHeaders;
      const user = h["StompX-User"] || h.login;
      accepted.closed();
      log(
        `- connection #${id}${user ? ` ${JSON.stringify(user).slice(0, 80)}` : ""} closed ${code} (${links.size} open)`,
      );
    });
  });

  function pauseAll() {
    paused = true;
    for (const l of links.values()) l.pause();
    for (const c of stompx.broker.openConnections()) c.frozen = true;
  }
  function resumeAll() {
    paused = false;
    for (const c of stompx.broker.openConnections()) c.frozen = false;
    for (const l of links.values()) l.resume();
  }
  const drop = () => {
    for (const ws of links.keys()) ws.terminate();
  };

  function route(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? "/").split("?")[0];
    if (!path?.startsWith("/_dev/")) {
      res.writeHead(path === "/" ? 200 : 404, { "content-type": "text/plain; charset=utf-8" });
      res.end(path === "/" ? `stompkit dev server (${profile}): connect STOMP to ${url}\n` : "Not found\n");
      return;
    }
    // Loopback only, and a custom header a web page cannot send cross-origin without a preflight
    // (which this server never grants): another site open in the browser cannot drive the faults.
    if (!LOOPBACK.has(req.socket.remoteAddress ?? "") || req.headers["x-stompkit-dev"] !== "1") {
      res.writeHead(403, { "content-type": "text/plain" }).end("Forbidden\n");
      return;
    }
    const actions: Record<string, () => unknown> = {
      "POST /_dev/drop": drop,
      "POST /_dev/pause": pauseAll,
      "POST /_dev/resume": resumeAll,
      "GET /_dev/threads": () => stompx.threads(),
      "GET /_dev/state": () => ({
        paused,
        connections: links.size,
        subscriptions: stompx.broker.subscriptionCount(),
        profile,
      }),
    };
    const action = actions[`${req.method} ${path}`];
    if (!action) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
      return;
    }
    const result = action();
    if (req.method === "POST") log(`${path.slice(6)} (from ${req.socket.remoteAddress})`);
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(result ?? { ok: true }));
  }

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? DEFAULT_DEV_SERVER_PORT, host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const url = `ws://${host.includes(":") ? `[${host}]` : host}:${port}/ws`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    host,
    stompx,
    drop,
    pause: pauseAll,
    resume: resumeAll,
    close: () => {
      closing ??= (async () => {
        resumeAll();
        const closed = [...links.keys()].map(
          (ws) =>
            new Promise<void>((resolve) => {
              ws.once("close", () => resolve());
              ws.close(1001, "server shutting down");
              setTimeout(() => {
                ws.terminate();
                resolve();
              }, 2000).unref();
            }),
        );
        await Promise.all(closed);
        await new Promise<void>((resolve) => {
          wss.close(() => resolve());
        });
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
        await writer?.flush();
        stompx.dispose();
      })();
      return closing;
    },
  };
}

async function loadSeed(seed: DevSeed | string | undefined): Promise<DevSeed> {
  if (seed === undefined) return defaultSeed;
  if (typeof seed !== "string") return parseSeed(seed);
  let text: string;
  try {
    text = await readFile(seed, "utf8");
  } catch {
    throw new DevServerConfigError(`cannot read the seed file ${seed}`);
  }
  try {
    return parseSeed(JSON.parse(text), seed);
  } catch (e) {
    if (e instanceof DevServerConfigError) throw e;
    throw new DevServerConfigError(`${seed}: not JSON`);
  }
}
