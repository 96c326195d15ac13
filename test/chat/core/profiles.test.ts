// Each built-in profile end to end: two users on the embedded StompX server (the `broker` profile on
// the bare fake broker, as it needs no server).

import { type ChatProfileName, createChatThreadStore, stompx1Profile } from "stompkit/chat/core";
import { createStompSession } from "stompkit/core";
import { createFakeBroker, createStompXServer } from "stompkit/testing";
import { chatSession, chatThread, flush } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

const wire = {
  "stompx-2020": {
    topic: "/topic/v1/threads/1.messages",
    action: "/application/v1/threads/1.message",
    history: "/application/v1/threads/1.messages.relay",
    errors: "/user/queue/v1/errors",
    ack: "auto",
    event: "message.created",
  },
  "stompx-1": {
    topic: "/topic/v1/threads/1.messages",
    action: "/application/v1/threads/1.message",
    history: "/application/v1/threads/1.messages.relay",
    errors: "/user/queue/v1/errors",
    ack: "client-individual",
    event: "thread.message.created",
  },
  "stompx-2": {
    topic: "/topic/threads/1.messages",
    action: "/application/threads/1.message",
    history: "/application/threads/1.messages.relay",
    errors: "/user/queue/errors",
    ack: "client-individual",
    event: "channel.message.created",
  },
} as const;

describe.each(Object.keys(wire) as Array<keyof typeof wire>)(
  "profile %s against the embedded server",
  (profile) => {
    const expected = wire[profile];

    it("shows history, sends, confirms for the sender and delivers to the other user", async () => {
      const server = createStompXServer({ profile });
      server.seed("1", [{ body: "older", user: "carol" }]);
      const alice = await chatSession({ server, user: "alice" });
      const bob = await chatSession({ server, user: "bob" });
      const a = await chatThread(alice);
      const b = await chatThread(bob);
      expect(a.bodies()).toEqual(["older"]);

      const frames = server.broker.framesOf("SUBSCRIBE").filter((f) => f.connection === 1);
      const topic = frames.find((f) => f.headers.destination === expected.topic)!;
      expect(topic.headers.ack).toBe(expected.ack);
      expect(topic.headers.receipt).toBeTruthy();
      expect(frames.map((f) => f.headers.destination)).toEqual(
        expect.arrayContaining([expected.errors, expected.history]),
      );

      const confirmed = await a.thread.send("hello bob");
      await flush();
      const send = server.broker.framesOf("SEND").find((f) => f.headers.destination === expected.action)!;
      expect(send.body).toBe('{"type":"TEXT","body":"hello bob"}');
      expect(confirmed).toMatchObject({ status: "confirmed", mine: true });
      expect(a.state().messages.map((m) => [m.body, m.status, m.mine])).toEqual([
        ["older", "confirmed", false],
        ["hello bob", "confirmed", true],
      ]);
      expect(b.state().messages.map((m) => [m.body, m.status, m.mine, m.user?.name])).toEqual([
        ["older", "confirmed", false, "carol"],
        ["hello bob", "confirmed", false, "alice"],
      ]);
      expect(b.state().messages[1]!.id).toBe(confirmed.id); // the same id on both sides
      const echo = server.broker
        .framesOf("MESSAGE", "out")
        .find((f) => f.headers.destination === expected.topic)!;
      expect(JSON.parse(echo.body).type).toBe(expected.event);
      if (expected.ack === "client-individual") expect(server.broker.count("ACK")).toBeGreaterThanOrEqual(2);
      else expect(server.broker.count("ACK")).toBe(0);
      alice.release();
      bob.release();
    });
  },
);

describe.each(["stompx-1", "stompx-2"] as const)("profile %s: links, typing, keystrokes", (profile) => {
  it("fetches the thread over its relay first; debounced keystrokes make the other user 'typing'", async () => {
    const server = createStompXServer({ profile, typingTimeout: 3000 });
    const alice = await chatSession({ server, user: "alice" });
    const bob = await chatSession({ server, user: "bob" });
    const a = await chatThread(alice);
    const b = await chatThread(bob);
    const first = server.broker
      .framesOf("SUBSCRIBE")
      .find((f) => f.connection === 1 && f.headers.destination !== wire[profile].errors);
    expect(first?.headers.destination).toBe(
      profile === "stompx-1" ? "/application/v1/threads/1.relay" : "/application/threads/1.relay",
    );

    b.thread.keystrokes("h");
    b.thread.keystrokes("he");
    await vi.advanceTimersByTimeAsync(100);
    b.thread.keystrokes("hel");
    await vi.advanceTimersByTimeAsync(149);
    expect(
      server.broker.framesOf("SEND").filter((f) => f.headers.destination?.endsWith(".keystrokes")),
    ).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    const keystrokes = server.broker
      .framesOf("SEND")
      .filter((f) => f.headers.destination?.endsWith(".keystrokes"));
    expect(keystrokes.map((f) => f.body)).toEqual(['{"keys":"hel"}']);
    expect(a.state().typing).toEqual(["bob"]);
    expect(b.state().typing).toEqual([]); // not yourself
    await vi.advanceTimersByTimeAsync(3000); // the server's typing.stopped
    expect(a.state().typing).toEqual([]);

    b.thread.keystrokes("again");
    await vi.advanceTimersByTimeAsync(150);
    expect(a.state().typing).toEqual(["bob"]);
    await b.thread.send("again"); // sending stops typing
    await flush();
    expect(a.state().typing).toEqual([]);
    alice.release();
    bob.release();
  });

  it("asks the user relay when CONNECTED names nobody", async () => {
    const server = createStompXServer({ profile });
    const ctx = await chatSession({ server, session: { connectHeaders: { host: "h" } } });
    const { state } = await chatThread(ctx);
    expect(server.broker.framesOf("CONNECTED", "out")[0]!.headers["user-name"]).toBeUndefined();
    expect(state().user).toBe("anonymous");
    ctx.release();
  });
});

it("lets the thread resource's links win over the profile's templates", async () => {
  const server = createStompXServer({ profile: "stompx-1" });
  const ctx = await chatSession({ server });
  const wrong = {
    ...stompx1Profile,
    name: "wrong-templates",
    topic: "/topic/never/{thread}",
    action: "/application/never/{thread}",
  };
  const { thread, state } = await chatThread(ctx, { profile: wrong });
  await thread.send("via links");
  const destinations = server.broker.frames
    .filter((f) => f.direction === "in")
    .map((f) => f.headers.destination);
  expect(destinations).toContain("/topic/v1/threads/1.messages");
  expect(destinations).toContain("/application/v1/threads/1.message");
  expect(destinations.some((d) => d?.includes("never"))).toBe(false);
  expect(state().messages).toMatchObject([{ body: "via links", status: "confirmed" }]);

  // and a resource given by the app wins without any relay
  const custom = await chatThread(ctx, {
    thread: "2",
    profile: "stompx-2020",
    resource: {
      _topics: { messages: "/topic/custom.2" },
      _actions: { message: "/application/custom.2" },
      _relays: {},
    },
  });
  void custom.thread.send("x");
  await flush();
  const sent = server.broker.framesOf("SEND").map((f) => f.headers.destination);
  expect(sent).toContain("/application/custom.2");
  expect(server.broker.framesOf("SUBSCRIBE").map((f) => f.headers.destination)).toContain("/topic/custom.2");
  ctx.release();
});

describe.each([
  ["the bare fake broker", () => createFakeBroker()],
  [
    "the embedded server's broker (which leaves it alone)",
    () => createStompXServer({ profile: "broker" }).broker,
  ],
])("profile broker on %s", (_name, makeBroker) => {
  it("publishes the envelope itself; the echo confirms by id/receipt and reaches the other client", async () => {
    const broker = makeBroker();
    const open = async (user: string) => {
      const session = createStompSession({
        webSocketFactory: broker.webSocketFactory,
        connectHeaders: { login: user },
        heartbeat: { outgoing: 0, incoming: 0 },
      });
      const release = session.mount();
      const thread = createChatThreadStore(session, {
        thread: "room-1",
        profile: "broker" as ChatProfileName,
      });
      thread.mount();
      await flush();
      return { session, release, thread, state: () => thread.store.getState() };
    };
    const alice = await open("alice");
    const bob = await open("bob");
    expect(alice.state().status).toBe("ready");
    const confirmed = await alice.thread.send("hi from a plain broker");
    const send = broker.framesOf("SEND")[0]!;
    expect(send.headers.destination).toBe("/topic/chat.room-1");
    expect(send.headers.receipt).toBeTruthy();
    const body = JSON.parse(send.body);
    expect(body).toMatchObject({
      type: "message.created",
      version: "v1",
      resource: {
        id: confirmed.clientId,
        type: "TEXT",
        body: "hi from a plain broker",
        user: { name: "alice" },
        receipt: send.headers.receipt,
      },
    });
    expect(confirmed).toMatchObject({ status: "confirmed", id: confirmed.clientId, mine: true });
    await flush();
    expect(alice.state().messages).toHaveLength(1);
    expect(bob.state().messages).toMatchObject([
      { body: "hi from a plain broker", mine: false, user: { name: "alice" } },
    ]);
    expect(broker.framesOf("SUBSCRIBE").some((f) => f.headers.destination?.includes("relay"))).toBe(false);
    alice.release();
    bob.release();
  });
});
