// Issue 13 §1: the dev server on real WebSockets (ws), with @stomp/stompjs clients as an app has them.
import type { IFrame, IMessage } from "@stomp/stompjs";
import { startDevServer } from "stompkit/dev-server";
import { acceptsBatches } from "../../src/core/ackBatch";
import { body, closeAll, devPost, devServer, rawSocket, stompClient, until } from "./helpers";

afterEach(closeAll);

const action = (thread: string) => `/application/v1/threads/${thread}.message`;
const topic = (thread: string) => `/topic/v1/threads/${thread}.messages`;
const relay = (thread: string) => `/application/v1/threads/${thread}.messages.relay`;
const text = (s: string) => JSON.stringify({ type: "TEXT", body: s });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("dev server: chat between two stompjs clients", () => {
  it("SEND → RECEIPT and message.created on both clients, once each, in order", async () => {
    const server = await devServer();
    const ada = await stompClient(server.url, "ada");
    const bob = await stompClient(server.url, "bob");
    ada.subscribe(topic("support"));
    bob.subscribe(topic("support"));
    await sleep(50); // both SUBSCRIBEs are on the wire before the first SEND
    const receipts = await Promise.all(
      ["one", "two", "three", "four", "five"].map((s, i) =>
        ada.sendWithReceipt(action("support"), text(s), { "x-seq": String(i) }),
      ),
    );
    expect(receipts).toHaveLength(5);
    const bodies = (ms: IMessage[]) => ms.map((m) => body(m).resource.body);
    await until(() => ada.messages.length >= 5 && bob.messages.length >= 5);
    await sleep(100); // nothing more arrives
    expect(bodies(ada.messages)).toEqual(["one", "two", "three", "four", "five"]);
    expect(bodies(bob.messages)).toEqual(["one", "two", "three", "four", "five"]);
    for (const m of [...ada.messages, ...bob.messages]) {
      expect(body(m).type).toBe("message.created");
      expect((body(m).resource.user as { name: string }).name).toBe("ada");
    }
    // stompx-2020 echoes the receipt inside the resource: ada's app can match its pending message.
    const sentReceipts = receipts.map((r) => r.headers["receipt-id"]);
    expect(ada.messages.map((m) => body(m).resource.receipt)).toEqual(sentReceipts);
    expect(server.stompx.messages("support").map((m) => m.body)).toEqual([
      "one",
      "two",
      "three",
      "four",
      "five",
    ]);
  });

  it("the history relay answers a page of the default seed, newest first", async () => {
    const server = await devServer();
    const ada = await stompClient(server.url, "ada");
    ada.subscribe(relay("general"), { page: "0", size: "2" });
    await until(() => ada.messages.length === 1);
    const page = JSON.parse(ada.messages[0]!.body) as {
      type: string;
      resource: {
        _embedded: { messages: Array<{ body: string; user: { name: string } }> };
        page: Record<string, number>;
      };
    };
    expect(page.type).toBe("thread.messages");
    expect(page.resource.page).toEqual({ size: 2, totalElements: 4, totalPages: 2, number: 0 });
    expect(page.resource._embedded.messages.map((m) => m.user.name)).toEqual(["grace", "ada"]);
    expect(page.resource._embedded.messages[0]!.body).toMatch(/^The Inspector button/);
  });

  it("CONNECTED negotiates the version and heart-beats, and the server beats", async () => {
    const server = await devServer({ heartbeat: "200,200" });
    const ada = await stompClient(server.url, "ada", { heartbeatIncoming: 200, heartbeatOutgoing: 200 });
    expect(ada.frame.headers.version).toBe("1.2");
    expect(ada.frame.headers["heart-beat"]).toBe("200,200");
    expect(ada.frame.headers.server).toBe("stompkit-dev-server/1");
    expect(ada.frame.headers["user-name"]).toBe("ada");
    const conn = server.stompx.broker.openConnections()[0]!;
    await until(() => conn.pingsOut >= 2 && conn.pingsIn >= 2, 3000);
    await sleep(600); // both sides beat: nobody is dropped
    expect(ada.client.connected).toBe(true);

    const old = await rawSocket(server.url);
    old.send("CONNECT\naccept-version:1.0,1.1\nhost:localhost\n\n\0");
    await until(() => old.received.some((m) => m.startsWith("CONNECTED")));
    expect(old.received[0]).toMatch(/\nversion:1\.1\n/);
  });

  it.each([
    [
      "stompx-1",
      "/application/v1/threads/t1.message",
      "/topic/v1/threads/t1.messages",
      "thread.message.created",
    ],
    ["stompx-2", "/application/threads/t1.message", "/topic/threads/t1.messages", "channel.message.created"],
  ] as const)(
    "profile %s: the receipt-id header on the sender's echo, ack client-individual",
    async (profile, send, events, type) => {
      const server = await devServer({ profile });
      expect(server.stompx.profile.name).toBe(profile);
      const ada = await stompClient(server.url, "ada");
      const bob = await stompClient(server.url, "bob");
      ada.subscribe(events, { ack: "client-individual" });
      bob.subscribe(events, { ack: "client-individual" });
      await sleep(50);
      const receipt = await ada.sendWithReceipt(send, text("hi"));
      await until(() => ada.messages.length === 1 && bob.messages.length === 1);
      const [mine, theirs] = [ada.messages[0]!, bob.messages[0]!];
      expect(body(mine).type).toBe(type);
      expect(body(mine).resource.id).toEqual(expect.any(String));
      expect(mine.headers["receipt-id"]).toBe(receipt.headers["receipt-id"]);
      expect(theirs.headers["receipt-id"]).toBeUndefined(); // only the sender's copy carries it
      expect(mine.headers.ack).toEqual(expect.any(String));
      const unacked = () => server.stompx.broker.openConnections().reduce((n, c) => n + c.unacked.size, 0);
      expect(unacked()).toBe(2);
      mine.ack();
      theirs.ack();
      await until(() => unacked() === 0);
    },
  );
});

describe("dev server: several frames in one WebSocket message (a byte stream, as RabbitMQ reads it)", () => {
  it("honours each frame: two SENDs in one message get two RECEIPTs and two messages; the server header allows batched ACKs", async () => {
    const server = await devServer({ profile: "stompx-1" });
    const raw = await rawSocket(server.url);
    await raw.connect("ada");
    const connectedServer = /\nserver:([^\n]*)/.exec(
      raw.received.find((m) => m.startsWith("CONNECTED"))!,
    )?.[1];
    expect(acceptsBatches(connectedServer, undefined)).toBe(true);
    raw.send("SUBSCRIBE\nid:s\ndestination:/topic/v1/threads/t1.messages\nack:client-individual\n\n\0");
    await sleep(50);
    const send = (n: number) =>
      `SEND\ndestination:/application/v1/threads/t1.message\nreceipt:r-${n}\ncontent-type:application/json\n\n${text(`m${n}`)}\0`;
    raw.send(send(1) + send(2));
    const messages = () => raw.received.filter((m) => m.startsWith("MESSAGE"));
    await until(
      () => messages().length === 2 && raw.received.filter((m) => m.startsWith("RECEIPT")).length === 2,
    );
    const acks = messages().map((m) => /\nack:([^\n]*)/.exec(m)![1]);
    const unacked = () => server.stompx.broker.openConnections().reduce((n, c) => n + c.unacked.size, 0);
    expect(unacked()).toBe(2);
    raw.send(acks.map((id) => `ACK\nid:${id}\n\n\0`).join("")); // both ACKs in one message
    await until(() => unacked() === 0);
    raw.ws.close();
  });
});

describe("dev server: /_dev routes", () => {
  it("POST /_dev/drop closes every socket; a reconnecting client works again", async () => {
    const server = await devServer();
    const closes: number[] = [];
    const ada = await stompClient(server.url, "ada", {
      reconnectDelay: 100,
      onWebSocketClose: (e: { code: number }) => void closes.push(e.code),
    });
    const raw = await rawSocket(server.url);
    await raw.connect();
    let connects = 1;
    ada.client.onConnect = () => {
      connects++;
      ada.subscribe(topic("support"));
    };
    const res = await devPost(server, "drop");
    expect(res.status).toBe(200);
    expect(await raw.closed).toBe(1006);
    await until(() => closes.length === 1 && connects === 2);
    await sleep(50);
    await ada.sendWithReceipt(action("support"), text("after the drop"));
    await until(() => ada.messages.length === 1);
    expect(body(ada.messages[0]!).resource.body).toBe("after the drop");
  });

  it("/_dev/pause holds frames: a SEND's RECEIPT comes only after /_dev/resume", async () => {
    const server = await devServer();
    const ada = await stompClient(server.url, "ada");
    expect((await devPost(server, "pause")).status).toBe(200);
    const state = await fetch(`http://127.0.0.1:${server.port}/_dev/state`, {
      headers: { "x-stompkit-dev": "1" },
    });
    expect(await state.json()).toMatchObject({ paused: true, connections: 1 });
    let receipt: IFrame | undefined;
    const done = ada.sendWithReceipt(action("support"), text("held")).then((r) => {
      receipt = r;
    });
    await sleep(500);
    expect(receipt).toBeUndefined();
    expect(server.stompx.messages("support")).toEqual([]);
    expect((await devPost(server, "resume")).status).toBe(200);
    await done;
    expect(receipt?.command).toBe("RECEIPT");
    expect(server.stompx.messages("support").map((m) => m.body)).toEqual(["held"]);
  });

  it("refuses every /_dev route without the x-stompkit-dev: 1 header (403)", async () => {
    const server = await devServer();
    const raw = await rawSocket(server.url);
    await raw.connect();
    for (const route of ["drop", "pause", "resume"]) {
      expect((await devPost(server, route, {})).status).toBe(403);
      expect((await devPost(server, route, { "x-stompkit-dev": "0" })).status).toBe(403);
    }
    for (const route of ["threads", "state"])
      expect((await fetch(`http://127.0.0.1:${server.port}/_dev/${route}`)).status).toBe(403);
    await sleep(50);
    expect(raw.closeCode).toBeUndefined(); // nothing was dropped
    const threads = await fetch(`http://127.0.0.1:${server.port}/_dev/threads`, {
      headers: { "x-stompkit-dev": "1" },
    });
    expect(threads.status).toBe(200);
    expect(await threads.json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: "general", messages: 4 })]),
    );
  });

  it("startDevServer on a port in use rejects (EADDRINUSE), and nothing throws out of band", async () => {
    const server = await devServer();
    await expect(startDevServer({ port: server.port, log: false })).rejects.toMatchObject({
      code: "EADDRINUSE",
    });
    const ada = await stompClient(server.url, "ada");
    expect(ada.client.connected).toBe(true);
  });

  it("close() closes client sockets with code 1001", async () => {
    const server = await devServer();
    const codes: number[] = [];
    await stompClient(server.url, "ada", {
      onWebSocketClose: (e: { code: number }) => void codes.push(e.code),
    });
    const raw = await rawSocket(server.url);
    await raw.connect();
    await server.close();
    expect(await raw.closed).toBe(1001);
    await until(() => codes.length === 1);
    expect(codes).toEqual([1001]);
  });
});
