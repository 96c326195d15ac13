// Issue 13 §1: hostile and broken clients. Each gets an ERROR naming what it did, then the server closes
// its socket; the server itself goes on: a well-behaved client connects, sends and receives afterwards.

import type { DevServer } from "stompkit/dev-server";
import { WebSocket } from "ws";
import { body, closeAll, devServer, rawSocket, stompClient, until } from "./helpers";

afterEach(closeAll);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const openCount = (server: DevServer) => server.stompx.broker.openConnections().length;

/** STOMP 1.2 header value escapes (`\c` is ":"). */
const unescapeHeader = (v: string) =>
  v.replace(/\\([cnr\\])/g, (_, c: string) => ({ c: ":", n: "\n", r: "\r", "\\": "\\" })[c]!);

/** The ERROR frames a raw socket received, as `message` header values; each body says the same. */
const errorMessages = (received: string[]) =>
  received
    .filter((m) => m.startsWith("ERROR"))
    .map((m) => {
      const message = unescapeHeader(/\nmessage:([^\n]*)\n/.exec(m)?.[1] ?? "");
      expect(m.slice(m.indexOf("\n\n") + 2, -1)).toBe(message);
      return message;
    });

/** A fresh, well-behaved client chats on the same server: the process is fine. */
async function stillWorks(server: DevServer) {
  const ada = await stompClient(server.url, `ada-${Math.random().toString(36).slice(2, 6)}`);
  ada.subscribe("/topic/v1/threads/support.messages");
  await sleep(30);
  await ada.sendWithReceipt(
    "/application/v1/threads/support.message",
    JSON.stringify({ type: "TEXT", body: "still here" }),
  );
  await until(() => ada.messages.some((m) => body(m).resource.body === "still here"));
  await ada.client.deactivate();
}

/** Connects a raw socket, lets `attack` misbehave, and expects one ERROR matching `message`, then close 1002. */
async function expectRefused(
  server: DevServer,
  message: RegExp,
  attack: (raw: Awaited<ReturnType<typeof rawSocket>>) => void,
  connect = true,
) {
  const raw = await rawSocket(server.url);
  if (connect) await raw.connect();
  const before = openCount(server);
  attack(raw);
  expect(await raw.closed).toBe(1002);
  const errors = errorMessages(raw.received);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(message);
  await until(() => openCount(server) === before - 1);
  await stillWorks(server);
  return raw;
}

const small = { maxFrameSize: 4096, maxHeaders: 8, maxHeaderLength: 200, maxSubscriptions: 4 };

describe("dev server: hostile clients", () => {
  it("a frame over maxFrameSize", async () => {
    const server = await devServer({ limits: small });
    await expectRefused(server, /^Frame too large: at most 4096 bytes$/, (raw) =>
      raw.send(`SEND\ndestination:/topic/x\n\n${"x".repeat(4500)}\0`),
    );
  });

  it("a frame that never ends (no NUL, past the limit, over several WebSocket messages)", async () => {
    const server = await devServer({ limits: small });
    await expectRefused(server, /^Frame too large: at most 4096 bytes$/, (raw) => {
      raw.send("SEND\ndestination:/topic/x\n\n");
      for (let i = 0; i < 6; i++) raw.send(Buffer.alloc(1000, 0x61)); // binary messages, no NUL anywhere
    });
  });

  it("too many headers", async () => {
    const server = await devServer({ limits: small });
    const headers = Array.from({ length: 20 }, (_, i) => `h${i}:v`).join("\n");
    await expectRefused(server, /^Too many headers: at most 8$/, (raw) =>
      raw.send(`SEND\ndestination:/topic/x\n${headers}\n\nhi\0`),
    );
  });

  it("a header too long", async () => {
    const server = await devServer({ limits: small });
    await expectRefused(server, /^A header is too long: at most 200 characters$/, (raw) =>
      raw.send(`SEND\ndestination:/topic/x\nx-long:${"y".repeat(500)}\n\nhi\0`),
    );
  });

  it("too many subscriptions", async () => {
    const server = await devServer({ limits: small });
    const raw = await expectRefused(server, /^Too many subscriptions: at most 4 per connection$/, (r) => {
      for (let i = 0; i < 5; i++) r.send(`SUBSCRIBE\nid:${i}\ndestination:/topic/t${i}\n\n\0`);
    });
    expect(raw.received.filter((m) => m.startsWith("MESSAGE"))).toEqual([]);
  });

  it.each([
    ["an unknown command", /^Unknown command FLY$/, "FLY\ndestination:/topic/x\n\n\0"],
    [
      "a command with a NUL in the middle",
      /^Unknown command CONN/,
      "CONN\0ECT\naccept-version:1.2\nhost:x\n\n\0",
    ],
    [
      "a CONNECT with a NUL in a header",
      /^Supported protocol versions are 1\.0,1\.1,1\.2$/,
      "CONNECT\naccept-version:1.2\0host:x\n\n\0",
    ],
  ] as const)("a malformed frame: %s", async (_name, message, frame) => {
    const server = await devServer({ limits: small });
    await expectRefused(server, message, (raw) => raw.send(frame), false);
  });

  it("a malformed frame: garbage bytes", async () => {
    const server = await devServer({ limits: small });
    // Not STOMP: bytes that are no command, with line ends and NULs scattered in them.
    const garbage = Buffer.from([
      0xff, 0xfe, 0x0a, 0x80, 0x3a, 0x0a, 0x0a, 0xc3, 0x28, 0x00, 0x0a, 0x0a, 0x00,
    ]);
    await expectRefused(server, /^(Unknown command|Malformed frame)/, (raw) => raw.send(garbage), false);
  });

  it.each([
    ["shorter than the body", "content-length:3\n\nhello\0", /content-length-mismatch/],
    ["not a number", "content-length:abc\n\nhello\0", /bad-content-length/],
    // Longer than the frame: the frames after it count as its body, until the declared length ends on no NUL.
    ["longer than the frame", "content-length:40\n\nhello\0", /content-length-mismatch/],
  ] as const)("a lying content-length: %s", async (_name, rest, message) => {
    const server = await devServer({ limits: small });
    await expectRefused(server, message, (raw) => {
      raw.send(`SEND\ndestination:/topic/x\n${rest}`);
      raw.send(`SEND\ndestination:/topic/x\n\n${"n".repeat(100)}\0`); // the next frame shows the lie
    });
    expect(server.stompx.broker.publish("/topic/x", "probe")).toBe(0); // nothing was subscribed or sent
  });

  it("a SEND before CONNECT", async () => {
    const server = await devServer({ limits: small });
    await expectRefused(
      server,
      /^Not connected$/,
      (raw) =>
        raw.send(`SEND\ndestination:/application/v1/threads/random.message\n\n{"type":"TEXT","body":"x"}\0`),
      false,
    );
    expect(server.stompx.messages("random")).toHaveLength(2); // the seed's, nothing stored
  });

  it("a slow reader is cut off before it grows the server's memory", async () => {
    const lines: string[] = [];
    const server = await devServer({ limits: { maxBufferedBytes: 256 * 1024 }, log: (l) => lines.push(l) });
    const raw = await rawSocket(server.url);
    await raw.connect();
    raw.send("SUBSCRIBE\nid:0\ndestination:/topic/flood\n\n\0");
    await until(() => server.stompx.broker.subscriptionCount("/topic/flood") === 1);
    // The client stops reading: TCP fills up, then the server's send buffer.
    (raw.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const chunk = "z".repeat(64 * 1024);
    let sent = 0;
    while (openCount(server) > 0 && sent < 200 * 1024 * 1024) {
      server.stompx.broker.publish("/topic/flood", chunk);
      sent += chunk.length;
      if (sent % (2 * 1024 * 1024) === 0) await sleep(1);
    }
    expect(openCount(server)).toBe(0);
    expect(server.stompx.broker.subscriptionCount()).toBe(0);
    expect(lines.some((l) => /^slow reader .*: dropped$/.test(l))).toBe(true);
    await until(() => lines.some((l) => /^- connection #1 "mallory" closed \d+ \(0 open\)$/.test(l)));
    const state = await fetch(`http://127.0.0.1:${server.port}/_dev/state`, {
      headers: { "x-stompkit-dev": "1" },
    });
    expect(await state.json()).toMatchObject({ connections: 0 });
    await stillWorks(server);
  });

  it("maxConnections: the extra upgrade gets HTTP 503", async () => {
    const server = await devServer({ limits: { maxConnections: 2 } });
    const a = await rawSocket(server.url);
    await rawSocket(server.url);
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(server.url, ["v12.stomp"]);
      ws.on("unexpected-response", (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.on("open", () => reject(new Error("a third socket was accepted")));
      ws.on("error", () => {});
    });
    expect(status).toBe(503);
    a.ws.close();
    await a.closed;
    await until(() => openCount(server) === 1);
    await stillWorks(server);
  });

  it("maxUnacked: a client that never ACKs", async () => {
    const server = await devServer({ limits: { maxUnacked: 3 } });
    const raw = await expectRefused(server, /^Too many unacknowledged messages: at most 3$/, (r) => {
      r.send("SUBSCRIBE\nid:0\ndestination:/topic/lazy\nack:client-individual\n\n\0");
      void until(() => server.stompx.broker.subscriptionCount("/topic/lazy") === 1).then(() => {
        for (let i = 0; i < 10; i++) server.stompx.broker.publish("/topic/lazy", `m${i}`);
      });
    });
    expect(raw.received.filter((m) => m.startsWith("MESSAGE"))).toHaveLength(3);
  });

  it("maxThreads: a SEND to a new thread past it gets an error on the error queue", async () => {
    // The default seed has 3 threads: one more fits.
    const server = await devServer({ limits: { maxThreads: 4 } });
    const ada = await stompClient(server.url, "ada");
    ada.subscribe("/user/queue/v1/errors");
    await sleep(30);
    const send = (thread: string, receipt: string) =>
      ada.client.publish({
        destination: `/application/v1/threads/${thread}.message`,
        body: JSON.stringify({ type: "TEXT", body: "hi" }),
        headers: { receipt },
      });
    const receipts: string[] = [];
    ada.client.watchForReceipt("r-new1", (f) => void receipts.push(f.headers["receipt-id"]!));
    ada.client.watchForReceipt("r-new2", (f) => void receipts.push(f.headers["receipt-id"]!));
    send("new1", "r-new1");
    send("new2", "r-new2");
    await until(() => ada.messages.length === 1);
    const error = ada.messages[0]!;
    expect(error.headers["receipt-id"]).toBe("r-new2");
    expect(body(error).type).toBe("error");
    expect(body(error).resource.message).toBe("Too many threads: at most 4");
    await sleep(100);
    expect(receipts).toEqual(["r-new1"]);
    expect(server.stompx.threads().map((t) => t.id)).toEqual(["general", "random", "support", "new1"]);
    expect(ada.client.connected).toBe(true); // a refusal, not a protocol error
    await stillWorks(server);
  });

  it("history relays of 10,000 random thread ids store nothing", async () => {
    const server = await devServer({ limits: { maxSubscriptions: 20_000 } });
    const before = server.stompx.threads();
    const raw = await rawSocket(server.url);
    await raw.connect();
    const ids = Array.from({ length: 10_000 }, (_, i) => `t${i}-${Math.random().toString(36).slice(2)}`);
    for (let i = 0; i < ids.length; i += 500)
      raw.send(
        ids
          .slice(i, i + 500)
          .map(
            (t, j) => `SUBSCRIBE\nid:${i + j}\ndestination:/application/v1/threads/${t}.messages.relay\n\n\0`,
          )
          .join(""),
      );
    await until(() => raw.received.filter((m) => m.startsWith("MESSAGE")).length === 10_000, 20_000);
    const page = raw.received.find((m) => m.startsWith("MESSAGE"))!;
    expect(page).toContain('"totalElements":0');
    expect(server.stompx.threads()).toEqual(before);
    expect(server.stompx.snapshot().threads).not.toHaveProperty(ids[0]!);
    expect(raw.closeCode).toBeUndefined();
    await stillWorks(server);
  });
});
