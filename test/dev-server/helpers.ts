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
