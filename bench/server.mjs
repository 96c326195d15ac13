// A small, fast STOMP 1.2 broker over WebSocket (ws) for the benchmark, plus a static file server and an
// HTTP control channel, all on one 127.0.0.1 port (same origin for the bench pages):
//   ws://127.0.0.1:PORT/ws            STOMP: CONNECT/STOMP → CONNECTED (heart-beat 0,0), SUBSCRIBE/UNSUBSCRIBE,
//                                     SEND routed to every subscription of the destination, RECEIPT for any
//                                     frame with a `receipt` header, DISCONNECT.
//   GET /blast?dest=D&n=N[&batch=B]   sends N MESSAGE frames (200-byte JSON body) to every subscription of D,
//                                     as fast as possible (answers first, then blasts); one STOMP frame per
//                                     WebSocket message unless batch > 1.
//   GET /stats[?dest=D]               counters: SUBSCRIBE/UNSUBSCRIBE frames, live subscriptions and sockets.
//   GET /reset                        zeroes the frame counters (live state is kept).
//   GET /anything-else                a file from --static DIR.
// Usage: node bench/server.mjs [--port 0] [--static bench/.build]; prints `listening <port>`.
import { readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { WebSocketServer } from "ws";

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const port = Number(arg("port", "0"));
const staticDir = path.resolve(arg("static", path.join(import.meta.dirname, ".build")));

const sockets = new Set();
/** dest → Set<{ socket, id }> */
const byDest = new Map();
let counters = freshCounters();
let sessionSeq = 0;
let messageSeq = 0;

function freshCounters() {
  return {
    subscribeFrames: 0,
    unsubscribeFrames: 0,
    sendFrames: 0,
    connectFrames: 0,
    messagesOut: 0,
    perDest: {},
  };
}
function destCounters(dest) {
  counters.perDest[dest] ??= { subscribeFrames: 0, unsubscribeFrames: 0 };
  return counters.perDest[dest];
}

function frame(command, headers, body = "") {
  let out = `${command}\n`;
  for (const [k, v] of Object.entries(headers)) out += `${k}:${v}\n`;
  return `${out}\n${body}\0`;
}

function parseFrame(text) {
  let start = 0;
  while (text[start] === "\n" || text[start] === "\r") start++;
  if (start >= text.length) return undefined; // heart-beat
  const headEnd = text.indexOf("\n\n", start);
  const head = (headEnd < 0 ? text.slice(start) : text.slice(start, headEnd)).split("\n");
  const command = head[0].replace(/\r$/, "");
  const headers = {};
  for (let i = 1; i < head.length; i++) {
    const line = head[i].replace(/\r$/, "");
    const c = line.indexOf(":");
    if (c > 0 && !(line.slice(0, c) in headers)) headers[line.slice(0, c)] = line.slice(c + 1);
  }
  return { command, headers, body: headEnd < 0 ? "" : text.slice(headEnd + 2) };
}

function removeSubscription(socket, id) {
  const sub = socket.subs.get(id);
  if (!sub) return false;
  socket.subs.delete(id);
  const set = byDest.get(sub.dest);
  set?.delete(sub);
  if (set && set.size === 0) byDest.delete(sub.dest);
  return true;
}

function handleFrame(socket, f) {
  const h = f.headers;
  switch (f.command) {
    case "CONNECT":
    case "STOMP":
      counters.connectFrames++;
      socket.send(
        frame("CONNECTED", {
          version: "1.2",
          "heart-beat": "0,0",
          server: "stompkit-bench/1",
          session: `s${++sessionSeq}`,
        }),
      );
      break;
    case "SUBSCRIBE": {
      counters.subscribeFrames++;
      destCounters(h.destination).subscribeFrames++;
      const sub = { socket, id: h.id, dest: h.destination };
      removeSubscription(socket, h.id);
      socket.subs.set(h.id, sub);
      if (!byDest.has(h.destination)) byDest.set(h.destination, new Set());
      byDest.get(h.destination).add(sub);
      break;
    }
    case "UNSUBSCRIBE": {
      counters.unsubscribeFrames++;
      const sub = socket.subs.get(h.id);
      if (sub) destCounters(sub.dest).unsubscribeFrames++;
      removeSubscription(socket, h.id);
      break;
    }
    case "SEND": {
      counters.sendFrames++;
      const { destination, receipt: _r, "content-length": _l, ...rest } = h;
      for (const sub of byDest.get(destination) ?? []) {
        sub.socket.send(
          frame(
            "MESSAGE",
            { ...rest, subscription: sub.id, "message-id": `m${++messageSeq}`, destination },
            f.body,
          ),
        );
        counters.messagesOut++;
      }
      break;
    }
    default:
      break;
  }
  if (h.receipt !== undefined) socket.send(frame("RECEIPT", { "receipt-id": h.receipt }));
}

// 200-byte JSON body (exactly, for n < 10^7).
function body(i) {
  const base = `{"seq":${i},"symbol":"STOMPKIT","price":${(100 + (i % 1000) / 100).toFixed(2)},"pad":"`;
  return `${base}${"x".repeat(Math.max(0, 200 - base.length - 2))}"}`;
}

// Server → client WebSocket frame header (FIN + text, unmasked).
function wsHeader(length) {
  if (length < 126) return Buffer.from([0x81, length]);
  if (length < 65536) return Buffer.from([0x81, 126, length >> 8, length & 255]);
  const b = Buffer.alloc(10);
  b[0] = 0x81;
  b[1] = 127;
  b.writeBigUInt64BE(BigInt(length), 2);
  return b;
}

/**
 * Sends n MESSAGE frames to every subscription of dest, one STOMP frame per WebSocket message (`batch` > 1
 * packs that many STOMP frames into one WebSocket message). The WebSocket frames are encoded here and
 * written to the TCP socket in large chunks, so the broker is never the bottleneck.
 */
function blast(dest, n, batch = 1) {
  const subs = [...(byDest.get(dest) ?? [])].filter((s) => s.socket.readyState === 1);
  const prefix = subs.map(
    (s) => `MESSAGE\nsubscription:${s.id}\ndestination:${dest}\ncontent-type:application/json\n`,
  );
  const CHUNK = 1000;
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    const bodies = [];
    for (let i = from; i <= to; i++) bodies.push(`message-id:m${messageSeq + i}\n\n${body(i)}\0`);
    for (let k = 0; k < subs.length; k++) {
      const parts = [];
      for (let i = 0; i < bodies.length; i += batch) {
        let text = "";
        for (let j = i; j < Math.min(bodies.length, i + batch); j++) text += prefix[k] + bodies[j];
        const payload = Buffer.from(text);
        parts.push(wsHeader(payload.length), payload);
      }
      // Nothing else is queued in ws's sender (no compression): writing to the socket keeps the order.
      subs[k].socket._socket.write(Buffer.concat(parts));
    }
  }
  messageSeq += n;
  counters.messagesOut += n * subs.length;
  return subs.length;
}

function stats(dest) {
  let liveSubscriptions = 0;
  for (const s of sockets) liveSubscriptions += s.subs.size;
  const out = { ...counters, perDest: undefined, liveSockets: sockets.size, liveSubscriptions };
  if (dest) {
    out.dest = {
      ...(counters.perDest[dest] ?? { subscribeFrames: 0, unsubscribeFrames: 0 }),
      liveSubscriptions: byDest.get(dest)?.size ?? 0,
    };
  }
  return out;
}

const types = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".map": "application/json",
};

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  const json = (value) => {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(value));
  };
  if (url.pathname === "/blast") {
    const dest = url.searchParams.get("dest");
    const n = Number(url.searchParams.get("n") ?? "1000");
    const batch = Math.max(1, Number(url.searchParams.get("batch") ?? "1"));
    json({ subscriptions: byDest.get(dest)?.size ?? 0 });
    setImmediate(() => blast(dest, n, batch));
    return;
  }
  if (url.pathname === "/stats") return json(stats(url.searchParams.get("dest")));
  if (url.pathname === "/reset") {
    counters = freshCounters();
    return json({ ok: true });
  }
  const file = path.join(staticDir, path.normalize(url.pathname === "/" ? "/index.html" : url.pathname));
  if (!file.startsWith(staticDir)) {
    res.writeHead(403).end();
    return;
  }
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
  path: "/ws",
  perMessageDeflate: false,
  handleProtocols: (protocols) => (protocols.has("v12.stomp") ? "v12.stomp" : ([...protocols][0] ?? false)),
});

wss.on("connection", (socket) => {
  socket.subs = new Map();
  sockets.add(socket);
  socket.on("message", (data, isBinary) => {
    const text = isBinary ? Buffer.from(data).toString("utf8") : data.toString();
    for (const part of text.split("\0")) {
      const f = parseFrame(part);
      if (f) handleFrame(socket, f);
    }
  });
  socket.on("close", () => {
    sockets.delete(socket);
    for (const id of [...socket.subs.keys()]) removeSubscription(socket, id);
  });
  socket.on("error", () => {});
});

server.listen(port, "127.0.0.1", () => {
  console.log(`listening ${server.address().port}`);
});

const shutdown = () => {
  for (const s of sockets) s.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
process.on("disconnect", shutdown); // parent (run.mjs) went away
