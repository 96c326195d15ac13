// The seed article's exchange (ChatKitty, "Keeping real-time messaging simple with STOMP", 2020),
// replayed against the embedded StompX server with the default profile.

import { createChatThreadStore } from "stompkit/chat/core";
import { createStompSession } from "stompkit/core";
import { createStompXServer } from "stompkit/testing";
import { chatSession, chatThread, flush } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

/** The MESSAGE body of the seed, byte for byte. */
const seedEcho =
  '{"type":"message.created","version":"v1","resource":{"type":"TEXT","user":{"type":"PERSON","name":"my_test_user"},"receipt":"receipt-2","body":"Hello world!","createdTime":"2020-08-10T00:36:37.655Z","_relays":{"user":"/application/v1/users/110.relay","thread":"/application/v1/threads/1.relay","channel":"/application/v1/channels/1.relay"}}}';

describe("the seed's exchange", () => {
  it("SUBSCRIBEs to /topic/v1/threads/1.messages with a receipt, SENDs the seed's frame, and confirms by resource.receipt", async () => {
    const server = createStompXServer();
    const session = createStompSession({
      webSocketFactory: server.webSocketFactory,
      connectHeaders: { host: "host", "StompX-User": "my_test_user" },
      heartbeat: { outgoing: 0, incoming: 0 },
    });
    const release = session.mount();
    const thread = createChatThreadStore(session, { thread: "1" });
    const unmount = thread.mount();
    await flush();
    const { broker } = server;

    // CONNECTED names the user: it is the current user.
    expect(broker.framesOf("CONNECTED", "out")[0]?.headers["user-name"]).toBe("my_test_user");
    expect(thread.store.getState().user).toBe("my_test_user");

    // SUBSCRIBE id:… destination:/topic/v1/threads/1.messages receipt:… → RECEIPT receipt-id:…
    const subscribe = broker
      .framesOf("SUBSCRIBE")
      .find((f) => f.headers.destination === "/topic/v1/threads/1.messages");
    expect(subscribe?.headers.id).toBeTruthy();
    expect(subscribe?.headers.receipt).toBeTruthy();
    // The seed's headers, plus stompkit's explicit `ack:auto` (STOMP's default, written out).
    expect(Object.keys(subscribe!.headers).sort()).toEqual(["ack", "destination", "id", "receipt"]);
    expect(subscribe?.headers.ack).toBe("auto");
    expect(broker.framesOf("RECEIPT", "out").map((f) => f.headers["receipt-id"])).toContain(
      subscribe?.headers.receipt,
    );
    expect(thread.store.getState().status).toBe("ready");

    const sent = thread.send("Hello world!");
    expect(thread.store.getState().messages).toMatchObject([
      { body: "Hello world!", status: "pending", mine: true },
    ]);
    await flush();

    // SEND destination:/application/v1/threads/1.message content-type:application/json receipt:…
    const sends = broker.framesOf("SEND");
    expect(sends).toHaveLength(1);
    const send = sends[0]!;
    expect(send.headers.destination).toBe("/application/v1/threads/1.message");
    expect(send.headers["content-type"]).toBe("application/json");
    expect(send.headers.receipt).toBeTruthy();
    expect(send.body).toBe('{"type":"TEXT","body":"Hello world!"}');
    // The seed's headers, plus content-length (stompjs) and x-idempotency-key (= the client id, the
    // same on a retry, so a server that honours it creates the message once).
    expect(Object.keys(send.headers).sort()).toEqual([
      "content-length",
      "content-type",
      "destination",
      "receipt",
      "x-idempotency-key",
    ]);
    expect(send.headers["x-idempotency-key"]).toBe(thread.store.getState().messages[0]!.clientId);

    // ← RECEIPT receipt-id:<ours>, then ← MESSAGE subscription:<ours> message-id:… with the echo
    const out = broker.frames.filter((f) => f.direction === "out");
    const receiptAt = out.findIndex(
      (f) => f.command === "RECEIPT" && f.headers["receipt-id"] === send.headers.receipt,
    );
    const echoAt = out.findIndex(
      (f) => f.command === "MESSAGE" && f.headers.subscription === subscribe?.headers.id,
    );
    expect(receiptAt).toBeGreaterThan(-1);
    expect(echoAt).toBeGreaterThan(receiptAt);
    const echo = out[echoAt]!;
    expect(echo.headers["message-id"]).toBeTruthy();
    const body = JSON.parse(echo.body);
    expect(body).toMatchObject({
      type: "message.created",
      version: "v1",
      resource: {
        type: "TEXT",
        user: { type: "PERSON", name: "my_test_user" },
        receipt: send.headers.receipt,
        body: "Hello world!",
      },
    });
    expect(body.resource.id).toBeUndefined(); // the seed's resource has no id
    expect(Object.keys(body.resource._relays)).toEqual(["user", "thread"]);

    const confirmed = await sent;
    expect(confirmed).toMatchObject({
      status: "confirmed",
      body: "Hello world!",
      mine: true,
      createdTime: body.resource.createdTime,
    });
    expect(thread.store.getState().messages).toHaveLength(1);
    unmount();
    release();
    await flush();
  });

  it("renders the seed's MESSAGE body, byte for byte, as a confirmed message", async () => {
    const ctx = await chatSession({ user: "my_test_user" });
    const { state } = await chatThread(ctx);
    expect(
      ctx.server.broker.publish("/topic/v1/threads/1.messages", seedEcho, {
        "content-type": "application/json",
      }),
    ).toBe(1);
    await flush();
    expect(state().messages).toHaveLength(1);
    const m = state().messages[0]!;
    expect(m).toMatchObject({
      type: "TEXT",
      body: "Hello world!",
      user: { name: "my_test_user" },
      createdTime: "2020-08-10T00:36:37.655Z",
      createdAt: Date.parse("2020-08-10T00:36:37.655Z"),
      status: "confirmed",
      mine: true,
    });
    expect(m.id).toMatch(/^x-/); // derived from its content: no id in the seed's resource
    // the same resource again (a second delivery, or a history page) is the same message
    ctx.server.broker.publish("/topic/v1/threads/1.messages", seedEcho);
    await flush();
    expect(state().messages).toHaveLength(1);
    ctx.release();
  });
});
