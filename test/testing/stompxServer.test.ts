// The embedded StompX server, driven by a bare stompjs client: it must speak the dialect to any
// client, not only to stompkit's thread store.
import { Client, type IMessage } from "@stomp/stompjs";
import { createFakeBroker, createStompXServer } from "stompkit/testing";

const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});

async function client(server: ReturnType<typeof createStompXServer>, user = "alice") {
  const c = new Client({
    webSocketFactory: server.webSocketFactory,
    reconnectDelay: 0,
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    connectHeaders: { host: "host", "StompX-User": user },
  });
  c.activate();
  await flush();
  const inbox = (destination: string, headers: Record<string, string> = {}) => {
    const got: IMessage[] = [];
    c.subscribe(destination, (m) => got.push(m), headers);
    return got;
  };
  return { c, inbox };
}

const bodyOf = (m: IMessage | undefined) => JSON.parse(m?.body ?? "null");

describe("createStompXServer", () => {
  it("answers CONNECT with the StompX-User as user-name", async () => {
    const server = createStompXServer();
    const { c } = await client(server, "my_test_user");
    expect(c.connected).toBe(true);
    expect(server.broker.framesOf("CONNECTED", "out")[0]!.headers["user-name"]).toBe("my_test_user");
  });

  it("serves paged history newest first, with the page block and _relays.next while there is more", async () => {
    const server = createStompXServer();
    server.seed("1", ["a", "b", "c", "d", "e"]);
    const { inbox } = await client(server);
    const dest = "/application/v1/threads/1.messages.relay";
    const p0 = inbox(dest, { page: "0", size: "2" });
    const p2 = inbox(dest, { page: "2", size: "2" });
    const p9 = inbox(dest, { page: "9", size: "2" });
    await flush();
    const r0 = bodyOf(p0[0]).resource;
    expect(r0._embedded.messages.map((m: { body: string }) => m.body)).toEqual(["e", "d"]);
    expect(r0.page).toEqual({ size: 2, totalElements: 5, totalPages: 3, number: 0 });
    expect(r0._relays).toEqual({ self: dest, next: dest });
    expect(r0._embedded.messages[0].id).toBeUndefined(); // stompx-2020: the seed's shape, no id
    expect(r0._embedded.messages[0]).toMatchObject({ type: "TEXT", user: { type: "PERSON", name: "seed" } });
    const r2 = bodyOf(p2[0]).resource;
    expect(r2._embedded.messages.map((m: { body: string }) => m.body)).toEqual(["a"]);
    expect(r2._relays.next).toBeUndefined();
    expect(bodyOf(p9[0]).resource._embedded.messages).toEqual([]);
  });

  it("treats nasty page/size headers as defaults or bounds", async () => {
    const server = createStompXServer();
    server.seed(
      "1",
      Array.from({ length: 300 }, (_, i) => `m${i}`),
    );
    const { inbox } = await client(server);
    const dest = "/application/v1/threads/1.messages.relay";
    const cases = [
      { page: "-1", size: "NaN" },
      { page: "1000", size: "1000000" },
      { page: "0x1", size: "0" },
      { page: "1.5", size: "-5" },
    ];
    const boxes = cases.map((h) => inbox(dest, h));
    await flush();
    const sizes = boxes.map((b) => bodyOf(b[0]).resource.page);
    expect(sizes.map((p) => [p.number, p.size])).toEqual([
      [0, 25],
      [1000, 100],
      [0, 1],
      [0, 25],
    ]);
    expect(boxes.map((b) => bodyOf(b[0]).resource._embedded.messages.length)).toEqual([25, 0, 1, 25]);
  });

  it("answers an action with RECEIPT, then the created event echoing the receipt the profile's way", async () => {
    for (const profile of ["stompx-2020", "stompx-1"] as const) {
      const server = createStompXServer({ profile });
      const { c, inbox } = await client(server);
      const topic = inbox("/topic/v1/threads/1.messages");
      c.publish({
        destination: "/application/v1/threads/1.message",
        headers: { "content-type": "application/json", receipt: "receipt-2" },
        body: '{"type":"TEXT","body":"Hello world!"}',
      });
      await flush();
      const out = server.broker.frames.filter((f) => f.direction === "out" && f.command !== "CONNECTED");
      expect(out.map((f) => f.command)).toEqual(["RECEIPT", "MESSAGE"]);
      const event = bodyOf(topic[0]);
      if (profile === "stompx-2020") {
        expect(event).toMatchObject({
          type: "message.created",
          version: "v1",
          resource: { receipt: "receipt-2", body: "Hello world!" },
        });
        expect(topic[0]!.headers["receipt-id"]).toBeUndefined();
      } else {
        expect(event).toMatchObject({
          type: "thread.message.created",
          resource: { id: "1", body: "Hello world!" },
        });
        expect(event.resource.receipt).toBeUndefined();
        expect(topic[0]!.headers["receipt-id"]).toBe("receipt-2");
      }
      expect(server.messages("1")).toMatchObject([{ body: "Hello world!", user: "alice" }]);
    }
  });

  it("rejects a bad or refused action on the error queue with its receipt-id, without RECEIPT", async () => {
    const server = createStompXServer();
    const { c, inbox } = await client(server);
    const errors = inbox("/user/queue/v1/errors");
    c.publish({
      destination: "/application/v1/threads/1.message",
      headers: { receipt: "r1" },
      body: "{not json",
    });
    c.publish({
      destination: "/application/v1/threads/1.message",
      headers: { receipt: "r2" },
      body: '{"type":"TEXT","body":"  "}',
    });
    await flush();
    server.rejectSends(1, "Muted");
    c.publish({
      destination: "/application/v1/threads/1.message",
      headers: { receipt: "r3" },
      body: '{"type":"TEXT","body":"ok"}',
    });
    await flush();
    expect(errors.map((m) => m.headers["receipt-id"])).toEqual(["r1", "r2", "r3"]);
    expect(bodyOf(errors[2]).resource.message).toBe("Muted");
    expect(server.broker.framesOf("RECEIPT", "out")).toEqual([]);
    expect(server.messages("1")).toEqual([]);
  });

  it("creates a message once per idempotency key and re-echoes it on a resend", async () => {
    const server = createStompXServer({ profile: "stompx-1" });
    const { c, inbox } = await client(server);
    const topic = inbox("/topic/v1/threads/1.messages");
    for (const receipt of ["r1", "r2"])
      c.publish({
        destination: "/application/v1/threads/1.message",
        headers: { receipt, "x-idempotency-key": "k1" },
        body: '{"type":"TEXT","body":"once"}',
      });
    await flush();
    expect(server.messages("1")).toHaveLength(1);
    expect(topic.map((m) => [bodyOf(m).resource.id, m.headers["receipt-id"]])).toEqual([
      ["1", "r1"],
      ["1", "r2"],
    ]);
  });

  it("fans typing and keystrokes out, and stops typing after the timeout", async () => {
    const server = createStompXServer({ profile: "stompx-1", typingTimeout: 1000 });
    const alice = await client(server, "alice");
    const bob = await client(server, "bob");
    const typing = alice.inbox("/topic/v1/threads/1.typing");
    bob.c.publish({ destination: "/application/v1/threads/1.keystrokes", body: '{"keys":"he"}' });
    bob.c.publish({ destination: "/application/v1/threads/1.keystrokes", body: '{"keys":"hey"}' });
    await flush();
    await vi.advanceTimersByTimeAsync(1000);
    expect(typing.map((m) => [bodyOf(m).type, bodyOf(m).resource.name ?? bodyOf(m).resource.keys])).toEqual([
      ["thread.typing.started", "bob"],
      ["thread.keystrokes.created", "he"],
      ["thread.keystrokes.created", "hey"],
      ["thread.typing.stopped", "bob"],
    ]);
  });

  it("answers the thread relay with links and the user relay with the current user", async () => {
    const server = createStompXServer({ profile: "stompx-2" });
    const { inbox } = await client(server, "zoe");
    const thread = inbox("/application/threads/42.relay");
    const user = inbox("/application/user.relay");
    await flush();
    expect(bodyOf(thread[0]).resource).toEqual({
      id: "42",
      _topics: { messages: "/topic/threads/42.messages", typing: "/topic/threads/42.typing" },
      _actions: {
        message: "/application/threads/42.message",
        keystrokes: "/application/threads/42.keystrokes",
      },
      _relays: { messages: "/application/threads/42.messages.relay" },
    });
    expect(bodyOf(user[0]).resource).toMatchObject({ name: "zoe" });
  });

  it("fails a relay with its subscription-id, delays replies, and sends unattributed errors to one user", async () => {
    const server = createStompXServer();
    const alice = await client(server, "alice");
    const bob = await client(server, "bob");
    const aliceErrors = alice.inbox("/user/queue/v1/errors");
    const bobErrors = bob.inbox("/user/queue/v1/errors");
    server.failRelays(1, "nope");
    const reply = alice.inbox("/application/v1/threads/1.messages.relay", { id: "relay-7" });
    await flush();
    expect(reply).toEqual([]);
    expect(aliceErrors.map((m) => m.headers["subscription-id"])).toEqual(["relay-7"]);

    server.delay(500);
    const late = alice.inbox("/application/v1/threads/1.messages.relay");
    await vi.advanceTimersByTimeAsync(499);
    expect(late).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(late).toHaveLength(1);

    server.error("bob", "maintenance");
    await flush();
    expect(bobErrors).toHaveLength(1);
    expect(bobErrors[0]!.headers["receipt-id"]).toBeUndefined();
    expect(aliceErrors).toHaveLength(1);
  });

  it("posts as another user live, seeds in order, drops and refuses connections", async () => {
    const server = createStompXServer();
    server.seed("1", [
      { body: "old", user: "carol", createdTime: "2020-01-01T00:00:00.000Z" },
      "older-by-default",
    ]);
    expect(server.messages("1").map((m) => m.body)).toEqual(["old", "older-by-default"]);
    const { c, inbox } = await client(server);
    const topic = inbox("/topic/v1/threads/1.messages");
    server.post("1", { body: "live", user: "dave" });
    await flush();
    expect(bodyOf(topic[0]).resource).toMatchObject({ body: "live", user: { name: "dave" } });
    server.refuse(true);
    server.drop();
    await flush();
    expect(c.connected).toBe(false);
    expect(server.broker.openConnections()).toHaveLength(0);
    server.dispose();
  });
});

describe("createFakeBroker: intercept / deliverTo / userName", () => {
  it("lets an interceptor take over a SEND (no routing, its own RECEIPT) and reply to one subscription", async () => {
    const broker = createFakeBroker({ userName: (h) => h["X-User"] });
    const seen: string[] = [];
    const remove = broker.intercept((frame) => {
      seen.push(`${frame.command} ${frame.headers.destination}`);
      if (frame.command === "SEND" && frame.headers.destination === "/app/x") {
        frame.receipt();
        return true;
      }
      return undefined;
    });
    const c = new Client({
      webSocketFactory: broker.webSocketFactory,
      reconnectDelay: 0,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      connectHeaders: { "X-User": "ann" },
    });
    c.activate();
    await flush();
    expect(broker.framesOf("CONNECTED", "out")[0]!.headers["user-name"]).toBe("ann");
    const got: string[] = [];
    c.subscribe("/app/x", (m) => got.push(m.body), { id: "s1" });
    c.publish({ destination: "/app/x", body: "hidden", headers: { receipt: "rx" } });
    await flush();
    expect(got).toEqual([]); // taken over: not routed to /app/x subscribers
    expect(broker.framesOf("RECEIPT", "out").map((f) => f.headers["receipt-id"])).toEqual(["rx"]);
    expect(broker.deliverTo(broker.openConnections()[0]!, "s1", "just you")).toBe(true);
    expect(broker.deliverTo(broker.openConnections()[0]!, "nope", "x")).toBe(false);
    await flush();
    expect(got).toEqual(["just you"]);
    remove();
    c.publish({ destination: "/app/x", body: "routed" });
    await flush();
    expect(got).toEqual(["just you", "routed"]);
    expect(seen).toEqual(["SUBSCRIBE /app/x", "SEND /app/x"]);
  });
});
