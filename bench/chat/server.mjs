// The chat bench's server on one 127.0.0.1 port: the built pages, and (once built) the embedded StompX
// server of `stompkit/testing` reached over a real WebSocket, so the <ChatThread> page talks to a
// server outside the browser (its memory and CPU are not the page's), as an app would.
//   GET /anything             a file from --static DIR
//   ws://…/stompx             STOMP over WebSocket, bridged to the embedded StompX server (--stompx MODULE)
//   GET /chat/seed?thread=T&n=N          thread T holds messages 0 … N-1 of bench/chat/messages.ts
//   GET /chat/stream?thread=T&from=F&n=N&rate=R   posts messages F … F+N-1 at R/s in 16 ms batches;
//                                                 answers when the last one was posted
// Usage: node bench/chat/server.mjs --static DIR [--stompx bench/.build/chat-node/stompx.mjs]
import { readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { WebSocketServer } from "ws";

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const staticDir = path.resolve(arg("static", "."));
const stompxModule = arg("stompx");
/** { connect(socket), seed(thread, n), stream(thread, from, n, rate) → Promise } from the bundled module. */
const stompx = stompxModule
  ? await (await import(pathToFileURL(path.resolve(stompxModule)).href)).createBenchServer()
  : undefined;

const types = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".map": "application/json",
};

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  const q = (k) => url.searchParams.get(k);
  const json = (value, status = 200) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(value));
  };
  try {
    if (url.pathname === "/chat/seed") {
      if (!stompx) return json({ error: "no StompX server" }, 500);
      return json(stompx.seed(q("thread"), Number(q("n"))));
    }
    if (url.pathname === "/chat/stream") {
      if (!stompx) return json({ error: "no StompX server" }, 500);
      return json(await stompx.stream(q("thread"), Number(q("from")), Number(q("n")), Number(q("rate"))));
    }
  } catch (error) {
    return json({ error: String(error) }, 500);
  }
  const file = path.join(staticDir, path.normalize(url.pathname));
  if (!file.startsWith(staticDir)) return res.writeHead(403).end();
  try {
    const data = await readFile(file);
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    res.end(data);
  } catch {
    res.writeHead(404).end("not found");
  }
});

const wss = new WebSocketServer({
  server,
  path: "/stompx",
  perMessageDeflate: false,
  handleProtocols: (protocols) => (protocols.has("v12.stomp") ? "v12.stomp" : ([...protocols][0] ?? false)),
});
wss.on("connection", (socket) => {
  if (!stompx) return socket.close(1011, "no StompX server");
  stompx.connect(socket);
});

server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
const shutdown = () => {
  for (const s of wss.clients) s.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
process.on("disconnect", shutdown);
