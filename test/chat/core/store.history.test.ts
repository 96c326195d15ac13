import { createChatThreadStore, RelayFailedError, RelayTimeoutError } from "stompkit/chat/core";
import { StompConfigError } from "stompkit/core";
import { chatSession, chatThread, dropAndReconnect, flush } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

const texts = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `m${from + i}`);

describe("createChatThreadStore: history", () => {
  it("loads the newest page first (oldest first in state) and pages older with hasOlder", async () => {
    const ctx = await chatSession();
    ctx.server.seed("1", texts(60));
    const { thread, state, bodies } = await chatThread(ctx, { pageSize: 25 });
    expect(state()).toMatchObject({ status: "ready", hasOlder: true, loadingOlder: false });
    expect(bodies()).toEqual(texts(25, 35));
    const relays = ctx.server.broker
      .framesOf("SUBSCRIBE")
      .filter((f) => f.headers.destination!.endsWith(".relay"));
    expect(relays.map((f) => [f.headers.destination, f.headers.page, f.headers.size])).toEqual([
      ["/application/v1/threads/1.messages.relay", "0", "25"],
    ]);
    const loading = thread.loadOlder();
    expect(state().loadingOlder).toBe(true);
    await loading;
    expect(bodies()).toEqual(texts(50, 10));
    await thread.loadOlder();
    expect(bodies()).toEqual(texts(60));
    expect(state()).toMatchObject({ hasOlder: false, loadingOlder: false });
    await thread.loadOlder(); // nothing older: no frame
    const pages = ctx.server.broker
      .framesOf("SUBSCRIBE")
      .filter((f) => f.headers.destination!.endsWith(".relay"));
    expect(pages.map((f) => f.headers.page)).toEqual(["0", "1", "2"]);
    // every relay was answered once and UNSUBSCRIBEd
    expect(ctx.server.broker.framesOf("UNSUBSCRIBE").map((f) => f.headers.id)).toEqual(
      pages.map((f) => f.headers.id),
    );
    ctx.release();
  });

  it("keeps a bounded window: live messages evict the oldest, which loadOlder fetches again without a gap", async () => {
    const ctx = await chatSession();
    ctx.server.seed("1", texts(100));
    const { thread, state, bodies } = await chatThread(ctx, { pageSize: 25, window: 50 });
    for (let i = 0; i < 40; i++) ctx.server.post("1", { body: `live${i}`, user: "bob" });
    await flush();
    expect(state().messages).toHaveLength(50);
    expect(bodies()).toEqual([...texts(10, 90), ...Array.from({ length: 40 }, (_, i) => `live${i}`)]);
    expect(state().hasOlder).toBe(true);
    await thread.loadOlder();
    const all = [...texts(100), ...Array.from({ length: 40 }, (_, i) => `live${i}`)];
    const held = bodies();
    expect(held).toEqual(all.slice(all.length - held.length)); // contiguous: no gap
    expect(held.length).toBeGreaterThan(50);
    expect(new Set(state().messages.map((m) => m.id)).size).toBe(held.length);
    ctx.release();
  });

  it("never evicts a send in flight from the window", async () => {
    const ctx = await chatSession();
    const { thread, state } = await chatThread(ctx, { pageSize: 1, window: 2 });
    ctx.server.swallowEchoes(true);
    void thread.send("mine, unconfirmed");
    await flush();
    ctx.server.swallowEchoes(false);
    for (let i = 0; i < 5; i++) ctx.server.post("1", { body: `b${i}` });
    await flush();
    expect(state().messages.map((m) => m.body)).toEqual(["mine, unconfirmed", "b4"]);
    ctx.release();
  });

  it("gap-fills after every reconnect: merges by id and reports how many were missed", async () => {
    const ctx = await chatSession();
    ctx.server.seed("1", texts(5));
    const { state, bodies } = await chatThread(ctx, { pageSize: 25 });
    expect(state().missed).toBe(0);
    await dropAndReconnect(ctx.server, () => {
      ctx.server.post("1", { body: "while away 1", user: "bob" });
      ctx.server.post("1", { body: "while away 2", user: "carol" });
      ctx.server.post("1", { body: "while away 3", user: "bob" });
    });
    expect(state().missed).toBe(3);
    expect(bodies()).toEqual([...texts(5), "while away 1", "while away 2", "while away 3"]);
    expect(state().status).toBe("ready");
    await dropAndReconnect(ctx.server);
    expect(state().missed).toBe(0);
    expect(state().messages).toHaveLength(8);
    ctx.release();
  });

  it("starts the first page over when the connection drops before its reply (nothing counted as missed)", async () => {
    const ctx = await chatSession();
    ctx.server.seed("1", texts(5));
    ctx.server.delay(50);
    const { state, bodies } = await chatThread(ctx);
    expect(state().status).toBe("connecting");
    ctx.server.delay(0);
    await dropAndReconnect(ctx.server);
    expect(bodies()).toEqual(texts(5));
    expect(state()).toMatchObject({ status: "ready", missed: 0, error: undefined });
    ctx.release();
  });

  it("gap-fills more than one page until it meets a known message", async () => {
    const ctx = await chatSession();
    ctx.server.seed("1", texts(3));
    const { state, bodies } = await chatThread(ctx, { pageSize: 10 });
    await dropAndReconnect(ctx.server, () => {
      for (let i = 0; i < 27; i++) ctx.server.post("1", { body: `gap${i}` });
    });
    expect(state().missed).toBe(27);
    expect(bodies()).toEqual([...texts(3), ...Array.from({ length: 27 }, (_, i) => `gap${i}`)]);
    ctx.release();
  });

  it("routes an error with the relay's subscription-id to that relay; the live topic stays ready", async () => {
    const ctx = await chatSession();
    ctx.server.seed("1", texts(3));
    ctx.server.failRelays(1, "History is unavailable");
    const { thread, state, bodies } = await chatThread(ctx);
    expect(state().status).toBe("ready");
    expect(state().error).toBeInstanceOf(RelayFailedError);
    expect(state().error).toMatchObject({ code: "RELAY_FAILED", reason: "server" });
    expect(state().error!.message).toContain("History is unavailable");
    expect(state().hasOlder).toBe(true);
    await thread.loadOlder(); // tries again
    expect(bodies()).toEqual(texts(3));
    expect(state().error).toBeUndefined();
    ctx.release();
  });

  it("fails a relay that gets no reply with RelayTimeoutError (and UNSUBSCRIBEs)", async () => {
    const ctx = await chatSession();
    ctx.server.delay(20_000);
    const { state } = await chatThread(ctx, { relayTimeout: 3000 });
    expect(state().status).toBe("connecting");
    await vi.advanceTimersByTimeAsync(3000);
    expect(state().error).toBeInstanceOf(RelayTimeoutError);
    expect(state().status).toBe("ready");
    const relay = ctx.server.broker
      .framesOf("SUBSCRIBE")
      .find((f) => f.headers.destination!.endsWith(".relay"))!;
    expect(ctx.server.broker.framesOf("UNSUBSCRIBE").map((f) => f.headers.id)).toContain(relay.headers.id);
    ctx.release();
  });

  it("uses loadHistory (broker profile) with the oldest message held as `before`", async () => {
    const ctx = await chatSession({ profile: "broker" });
    const resource = (i: number) => ({
      id: `h${i}`,
      type: "TEXT",
      body: `h${i}`,
      user: { name: "bob" },
      createdTime: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    });
    const calls: Array<string | undefined> = [];
    const loadHistory = vi.fn(async (before: { id: string } | undefined) => {
      calls.push(before?.id);
      const end = before ? Number(before.id.slice(1)) : 30;
      const start = Math.max(0, end - 10);
      return {
        messages: Array.from({ length: end - start }, (_, i) => resource(end - 1 - i)),
        hasMore: start > 0,
      };
    });
    const { thread, state, bodies } = await chatThread(ctx, { loadHistory, pageSize: 10 });
    expect(bodies()).toEqual(Array.from({ length: 10 }, (_, i) => `h${20 + i}`));
    expect(state().hasOlder).toBe(true);
    await thread.loadOlder();
    await thread.loadOlder();
    expect(calls).toEqual([undefined, "h20", "h10"]);
    expect(state().messages).toHaveLength(30);
    expect(state().hasOlder).toBe(false);
    ctx.release();
  });

  it("keeps loadOlder from rejecting when loadHistory throws; the error is in state", async () => {
    const ctx = await chatSession({ profile: "broker" });
    const { thread, state } = await chatThread(ctx, {
      loadHistory: async () => {
        throw new Error("HTTP 500");
      },
    });
    expect(state().error).toMatchObject({ code: "RELAY_FAILED" });
    await expect(thread.loadOlder()).resolves.toBeUndefined();
    expect(state().loadingOlder).toBe(false);
    ctx.release();
  });
});

describe("createChatThreadStore: lifecycle and options", () => {
  it("mount → release → mount in one task (StrictMode) subscribes once and relays once", async () => {
    const ctx = await chatSession();
    const thread = createChatThreadStore(ctx.session, { thread: "1" });
    thread.mount()();
    const release = thread.mount();
    await flush();
    const subs = ctx.server.broker.framesOf("SUBSCRIBE").map((f) => f.headers.destination);
    expect(subs.filter((d) => d === "/topic/v1/threads/1.messages")).toHaveLength(1);
    expect(subs.filter((d) => d!.endsWith(".relay"))).toHaveLength(1);
    expect(subs.filter((d) => d === "/user/queue/v1/errors")).toHaveLength(1);
    release();
    release(); // twice: a no-op
    await vi.advanceTimersByTimeAsync(200);
    expect(thread.store.getState().status).toBe("idle");
    expect(ctx.server.broker.subscriptionCount()).toBe(0);
    ctx.release();
  });

  it("holds nothing before mount and leaves no listener, subscription or timer after the last release", async () => {
    const ctx = await chatSession({ profile: "stompx-1" });
    // The session's own send modules attach on first use and listen as long as the session lives: attach
    // them before counting, so only the thread's listeners are counted.
    void ctx.session.outbox;
    const live = new Set<() => void>();
    const on = ctx.session.on.bind(ctx.session);
    ctx.session.on = ((event: never, listener: never) => {
      const off = on(event, listener);
      const tracked = () => {
        live.delete(tracked);
        off();
      };
      live.add(tracked);
      return tracked;
    }) as typeof ctx.session.on;
    const baseline = vi.getTimerCount();
    const thread = createChatThreadStore(ctx.session, { thread: "1", profile: "stompx-1" });
    expect(live.size).toBe(0); // created (e.g. in a discarded render) but never mounted
    const release = thread.mount();
    await flush();
    expect(live.size).toBeGreaterThan(0);
    await thread.send("hello");
    thread.keystrokes("typing…");
    release();
    await vi.advanceTimersByTimeAsync(200);
    expect(live.size).toBe(0);
    expect(ctx.session.diagnostics().subscriptions).toMatchObject({ entries: 0, listeners: 0, timers: 0 });
    expect(ctx.server.broker.subscriptionCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(baseline);
    ctx.release();
  });

  it("shows idle → connecting → ready, and reconnecting while the session is away", async () => {
    const ctx = await chatSession();
    const thread = createChatThreadStore(ctx.session, { thread: "1" });
    const seen: string[] = [];
    thread.store.subscribe((s) => {
      if (seen[seen.length - 1] !== s.status) seen.push(s.status);
    });
    expect(thread.store.getState().status).toBe("idle");
    thread.mount();
    await flush();
    await dropAndReconnect(ctx.server);
    expect(seen).toEqual(["connecting", "ready", "reconnecting", "ready"]);
    ctx.release();
  });

  it("ignores unknown event types, non-envelopes and bad JSON with a debug line; applies updated/deleted by id", async () => {
    const ctx = await chatSession({ profile: "stompx-1" });
    const { state, bodies } = await chatThread(ctx);
    const topic = "/topic/v1/threads/1.messages";
    const publish = (body: string) => ctx.server.broker.publish(topic, body);
    publish(
      JSON.stringify({ type: "message.reaction.created", version: "v1", resource: { id: "r1", body: "x" } }),
    );
    publish("{not json");
    publish('"just a string"');
    publish(JSON.stringify({ type: "thread.message.created", resource: "no object" }));
    publish(
      JSON.stringify({
        type: "thread.message.created",
        resource: { id: "1", body: "one", createdTime: "2024-01-01T00:00:00Z" },
      }),
    );
    await flush();
    expect(bodies()).toEqual(["one"]);
    expect(ctx.logs.some((l) => l.includes('ignored unknown event type "message.reaction.created"'))).toBe(
      true,
    );
    expect(ctx.logs.some((l) => l.includes("not a StompX envelope"))).toBe(true);
    publish(
      JSON.stringify({
        type: "channel.message.updated",
        resource: { id: "1", body: "one (edited)", createdTime: "2024-01-01T00:00:00Z" },
      }),
    );
    publish(JSON.stringify({ type: "channel.message.updated", resource: { id: "404", body: "unknown" } }));
    await flush();
    expect(bodies()).toEqual(["one (edited)"]);
    publish(JSON.stringify({ type: "channel.message.deleted", resource: { id: "1" } }));
    await flush();
    expect(state().messages).toEqual([]);
    // The bad JSON is reported once as a ParseError (onError hears every body that did not parse); nothing else.
    expect(ctx.errors.map((e) => e.code)).toEqual(["PARSE_ERROR"]);
    ctx.release();
  });

  it("is in error when the broker refuses the topic subscription", async () => {
    const ctx = await chatSession();
    ctx.server.broker.forbid("/topic/v1/threads/9.messages");
    const { state } = await chatThread(ctx, { thread: "9" });
    await vi.advanceTimersByTimeAsync(500);
    expect(state().status).toBe("error");
    expect(state().error).toMatchObject({ code: "SUBSCRIPTION_ERROR" });
    ctx.release();
  });

  it("publishes a burst of MESSAGEs that arrive in one chunk as one store update", async () => {
    const ctx = await chatSession();
    const { thread, bodies } = await chatThread(ctx);
    const sub = ctx.server.broker
      .framesOf("SUBSCRIBE")
      .find((f) => f.headers.destination?.endsWith(".messages"))!;
    let updates = 0;
    thread.store.subscribe((s, prev) => {
      if (s.messages !== prev.messages) updates++;
    });
    const frame = (i: number) => {
      const body = JSON.stringify({
        type: "message.created",
        resource: {
          id: `b${i}`,
          body: `burst ${i}`,
          user: { name: "bob" },
          createdTime: new Date(1e12 + i).toISOString(),
        },
      });
      return `MESSAGE\nsubscription:${sub.headers.id}\nmessage-id:x${i}\ndestination:/topic/v1/threads/1.messages\ncontent-length:${new TextEncoder().encode(body).length}\n\n${body}\0`;
    };
    ctx.server.broker.injectRaw(Array.from({ length: 50 }, (_, i) => frame(i)).join(""));
    await flush();
    expect(bodies()).toHaveLength(50);
    expect(bodies()[49]).toBe("burst 49");
    expect(updates).toBe(1);
    ctx.release();
  });

  it("refuses bad options with StompConfigError", async () => {
    const ctx = await chatSession();
    const make = (o: object) => () => createChatThreadStore(ctx.session, { thread: "1", ...o });
    expect(make({ thread: "" })).toThrow(StompConfigError);
    expect(make({ thread: "1/../2" })).toThrow(StompConfigError);
    expect(make({ thread: "a\nb" })).toThrow(StompConfigError);
    expect(make({ profile: "stompx-3" })).toThrow(/Unknown chat profile/);
    expect(make({ profile: "__proto__" })).toThrow(StompConfigError);
    expect(make({ pageSize: 0 })).toThrow(StompConfigError);
    expect(make({ pageSize: Number.NaN })).toThrow(StompConfigError);
    expect(make({ window: -1 })).toThrow(StompConfigError);
    expect(make({ sendTimeout: Number.POSITIVE_INFINITY })).toThrow(StompConfigError);
    ctx.release();
  });

  it("takes `user` over CONNECTED's user-name", async () => {
    const ctx = await chatSession({ user: "alice" });
    const { state } = await chatThread(ctx, { user: "alice-admin" });
    expect(state().user).toBe("alice-admin");
    const other = await chatThread(ctx);
    expect(other.state().user).toBe("alice");
    ctx.release();
  });
});
