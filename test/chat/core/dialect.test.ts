import {
  brokerProfile,
  chatProfiles,
  checkThreadId,
  classifyEvent,
  deriveMessageId,
  echoReceipt,
  parseEnvelope,
  RelayFailedError,
  readLink,
  readPage,
  resolveChatProfile,
  resolveThreadDestinations,
  stompx1Profile,
  stompx2Profile,
  stompx2020Profile,
  toChatMessage,
} from "stompkit/chat/core";
import { StompConfigError } from "stompkit/core";

describe("parseEnvelope", () => {
  it("reads {type, version, resource} from text or a parsed value", () => {
    expect(parseEnvelope('{"type":"message.created","version":"v1","resource":{"body":"hi"}}')).toEqual({
      type: "message.created",
      version: "v1",
      resource: { body: "hi" },
    });
    expect(parseEnvelope({ type: "x", resource: 1 })).toEqual({ type: "x", version: undefined, resource: 1 });
  });

  it("returns undefined, never throws, for anything else", () => {
    for (const bad of [
      "",
      "{",
      "null",
      "[]",
      '"text"',
      "42",
      '{"type":1}',
      '{"type":""}',
      '{"resource":{}}',
      "\u0000",
      undefined,
      null,
      ["type"],
      "x".repeat(100_000),
    ])
      expect(parseEnvelope(bad)).toBeUndefined();
  });

  it("drops __proto__ keys (no prototype pollution through the resource)", () => {
    const e = parseEnvelope('{"type":"t","resource":{"__proto__":{"polluted":true},"a":1}}');
    expect(e?.resource).toEqual({ a: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(e?.resource)).toBe(Object.prototype);
  });
});

describe("classifyEvent", () => {
  it("maps each profile's event names, and knows nothing else", () => {
    expect(classifyEvent(stompx2020Profile, "message.created")).toBe("created");
    expect(classifyEvent(stompx2020Profile, "message.deleted")).toBe("deleted");
    expect(classifyEvent(stompx2020Profile, "thread.message.created")).toBeUndefined();
    expect(classifyEvent(stompx1Profile, "thread.message.created")).toBe("created");
    expect(classifyEvent(stompx2Profile, "channel.message.created")).toBe("created");
    expect(classifyEvent(stompx1Profile, "thread.typing.started")).toBe("typingStarted");
    expect(classifyEvent(stompx1Profile, "thread.keystrokes.created")).toBe("keystrokes");
    expect(classifyEvent(stompx1Profile, "toString")).toBeUndefined();
    expect(classifyEvent(stompx1Profile, "__proto__")).toBeUndefined();
  });
});

describe("profiles", () => {
  it("are data: the four built-ins differ where the dialects do", () => {
    expect(Object.keys(chatProfiles)).toEqual(["stompx-2020", "stompx-1", "stompx-2", "broker"]);
    expect(resolveChatProfile(undefined)).toBe(stompx2020Profile);
    expect(stompx2020Profile).toMatchObject({
      receiptEcho: "resource",
      ack: "auto",
      errorQueue: "/user/queue/v1/errors",
    });
    expect(stompx1Profile).toMatchObject({
      receiptEcho: "header",
      ack: "client-individual",
      userRelay: "/application/v1/user.relay",
      errorQueue: "/user/queue/v1/errors",
    });
    expect(stompx2Profile).toMatchObject({
      receiptEcho: "header",
      ack: "client-individual",
      userRelay: "/application/user.relay",
      errorQueue: "/user/queue/errors",
    });
    expect(stompx1Profile.events.created[0]).toBe("thread.message.created");
    expect(stompx2Profile.events.created[0]).toBe("channel.message.created");
    expect(brokerProfile).toMatchObject({
      publish: "client",
      topic: "/topic/chat.{thread}",
      receiptEcho: "resource",
    });
  });

  it("accepts a user's profile object and refuses a broken one", () => {
    const mine = { ...stompx2020Profile, name: "mine", topic: "/topic/rooms/{thread}" };
    expect(resolveChatProfile(mine)).toBe(mine);
    expect(() => resolveChatProfile({ ...mine, events: { created: [] } })).toThrow(StompConfigError);
    expect(() => resolveChatProfile({ ...mine, topic: "no-slash" })).toThrow(/topic/);
    expect(() => resolveChatProfile({ ...mine, action: "/a\nb" })).toThrow(StompConfigError);
    expect(() => resolveChatProfile({ ...mine, receiptEcho: "body" as never })).toThrow(/receiptEcho/);
    expect(() => resolveChatProfile({ ...mine, ack: "client" as never })).toThrow(/ack/);
    expect(() => resolveChatProfile("constructor" as never)).toThrow(StompConfigError);
  });

  it("checks thread ids that go into destinations", () => {
    expect(checkThreadId("1")).toBe("1");
    expect(checkThreadId("general-2024_x.y")).toBe("general-2024_x.y");
    for (const bad of ["", "a/b", "a b", "{thread}", "a\u0000", "a\r\n", "x".repeat(201), 1, undefined])
      expect(() => checkThreadId(bad)).toThrow(StompConfigError);
  });
});

describe("links", () => {
  it("win over templates, one by one", () => {
    expect(resolveThreadDestinations(stompx1Profile, "7")).toEqual({
      topic: "/topic/v1/threads/7.messages",
      typingTopic: "/topic/v1/threads/7.typing",
      keystrokesTopic: undefined,
      action: "/application/v1/threads/7.message",
      keystrokesAction: "/application/v1/threads/7.keystrokes",
      historyRelay: "/application/v1/threads/7.messages.relay",
    });
    const resource = {
      _topics: { messages: "/topic/x/messages", keystrokes: "/topic/x/keys" },
      _actions: { message: "/application/x/send" },
      _relays: { messages: "/application/x/history.relay" },
    };
    expect(resolveThreadDestinations(stompx1Profile, "7", resource)).toEqual({
      topic: "/topic/x/messages",
      typingTopic: "/topic/v1/threads/7.typing",
      keystrokesTopic: "/topic/x/keys",
      action: "/application/x/send",
      keystrokesAction: "/application/v1/threads/7.keystrokes",
      historyRelay: "/application/x/history.relay",
    });
  });

  it("ignores links that are not destinations", () => {
    for (const value of [1, "", "relative", "/a\nb", "/a\u0000", null, {}, `/${"x".repeat(1000)}`])
      expect(readLink({ _relays: { next: value } }, "_relays", "next")).toBeUndefined();
    expect(readLink({ _relays: Object.create({ next: "/inherited" }) }, "_relays", "next")).toBeUndefined();
    expect(readLink(null, "_relays", "next")).toBeUndefined();
    expect(readLink({ _relays: { next: "/ok.relay" } }, "_relays", "next")).toBe("/ok.relay");
  });
});

describe("messages from resources", () => {
  const seedResource = {
    type: "TEXT",
    user: { type: "PERSON", name: "my_test_user" },
    receipt: "receipt-2",
    body: "Hello world!",
    createdTime: "2020-08-10T00:36:37.655Z",
    _relays: { thread: "/application/v1/threads/1.relay" },
  };

  it("derives a stable id when the resource has none (the seed), and uses the server's when it has one", () => {
    const a = deriveMessageId(seedResource);
    expect(a).toMatch(/^x-[0-9a-z]+$/);
    expect(deriveMessageId(JSON.parse(JSON.stringify(seedResource)))).toBe(a);
    expect(deriveMessageId({ ...seedResource, body: "Hello world?" })).not.toBe(a);
    expect(deriveMessageId({ ...seedResource, receipt: "receipt-3" })).not.toBe(a);
    expect(deriveMessageId({ ...seedResource, id: 42 })).toBe("42");
    expect(deriveMessageId({ ...seedResource, id: "m-1" })).toBe("m-1");
    expect(deriveMessageId({})).toBeUndefined();
    expect(deriveMessageId("text")).toBeUndefined();
  });

  it("turns a resource into a confirmed ChatMessage defensively", () => {
    const m = toChatMessage(
      {
        ...seedResource,
        links: [
          { source: "https://x.y", startPosition: 0, endPosition: 5 },
          { source: "j", startPosition: 3, endPosition: 99 },
        ],
      },
      { currentUser: "my_test_user", fallbackTime: 1 },
    );
    expect(m).toMatchObject({
      body: "Hello world!",
      status: "confirmed",
      mine: true,
      createdAt: 1597019797655,
    });
    expect(m?.links).toEqual([{ source: "https://x.y", startPosition: 0, endPosition: 5 }]);
    const odd = toChatMessage(
      { id: "1", body: 5, user: "eve", createdTime: "not a date" },
      { currentUser: undefined, fallbackTime: 1234 },
    );
    expect(odd).toMatchObject({
      id: "1",
      body: "",
      user: undefined,
      createdAt: 1234,
      mine: false,
      type: "TEXT",
    });
    expect(odd?.createdTime).toBe(new Date(1234).toISOString());
  });

  it("finds the echo's receipt where the profile puts it", () => {
    expect(echoReceipt(stompx2020Profile, seedResource, { "receipt-id": "h" })).toBe("receipt-2");
    expect(echoReceipt(stompx1Profile, seedResource, { "receipt-id": "h" })).toBe("h");
    expect(echoReceipt(stompx1Profile, seedResource, undefined)).toBeUndefined();
    expect(echoReceipt({ ...stompx1Profile, receiptEcho: "both" }, seedResource, {})).toBe("receipt-2");
  });
});

describe("readPage", () => {
  it("reads the page shape, next link and all", () => {
    const body = {
      type: "thread.messages",
      version: "v1",
      resource: {
        _embedded: { messages: [{ id: "2" }, { id: "1" }] },
        page: { size: 2, totalElements: 3, totalPages: 2, number: 0 },
        _relays: { self: "/a.relay", next: "/a.relay" },
      },
    };
    expect(readPage(body, "/a.relay")).toEqual({
      resources: [{ id: "2" }, { id: "1" }],
      hasMore: true,
      next: "/a.relay",
    });
    expect(readPage({ type: "t", resource: { page: {} } }, "/a.relay")).toMatchObject({
      resources: [],
      hasMore: false,
    });
    expect(() => readPage({ type: "t", resource: { _embedded: { messages: "x" } } }, "/a.relay")).toThrow(
      RelayFailedError,
    );
    expect(() => readPage(undefined, "/a.relay")).toThrow(RelayFailedError);
  });
});
