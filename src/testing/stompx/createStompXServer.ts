import type { ChatProfile, ChatProfileName } from "stompkit/chat/core";
import { resolveChatProfile } from "stompkit/chat/core";
import {
  createFakeBroker,
  type FakeBroker,
  type FakeBrokerOptions,
  type InterceptedFrame,
} from "../createFakeBroker";
import type { FakeConnection } from "../fakeConnection";
import {
  envelope,
  intHeader,
  messageResource,
  pageResource,
  type StoredMessage,
  templateMatcher,
  threadResource,
} from "./stompxResources";
import { createTypingFanout } from "./stompxTyping";

/** Options of `createStompXServer`. */
export interface StompXServerOptions {
  /** The dialect to speak. @default "stompx-2020" (the seed) */
  profile?: ChatProfileName | ChatProfile;
  /** Attach to this fake broker; else one is made (CONNECTED `user-name` = `StompX-User`, else `login`). */
  broker?: FakeBroker;
  /** Options of the broker made when none is given. */
  brokerOptions?: FakeBrokerOptions;
  /** A user's `typing.stopped` follows their last keystrokes after this long, in ms. @default 3000 */
  typingTimeout?: number;
  /** Memory bounds for a long-running server. Unlimited by default. */
  limits?: StompXLimits;
  /**
   * Called after a message is stored and before its RECEIPT and `created` event go out; the RECEIPT
   * waits for the promise (the dev server writes its data file here, so a confirmed message is on
   * disk). A rejection refuses the send on the error queue; the message is removed again.
   */
  beforeConfirm?: () => Promise<void> | void;
}

/** Memory bounds of `createStompXServer`. */
export interface StompXLimits {
  /** Threads that can hold messages; a message to a new thread past it is refused. */
  maxThreads?: number;
  /** Messages kept per thread; the oldest go first. */
  maxMessagesPerThread?: number;
}

/** Everything the server stores, as JSON (`snapshot()` / `restore()`; the dev server's data file). */
export interface StompXSnapshot {
  version: 1;
  threads: Record<string, { name?: string; messages: StoredMessage[] }>;
}

/** A message to seed: text, or the fields you care about (oldest first). */
export type SeedMessage =
  | string
  | { body: string; user?: string; createdTime?: string | number; id?: string; type?: string };

const userOf = (c: FakeConnection) =>
  c.connectHeaders["StompX-User"] || c.connectHeaders.login || "anonymous";

/**
 * An embedded StompX chat server on the in-memory fake broker (Node, jsdom, browser; no network):
 * actions (SEND → RECEIPT + the `created` event echoing the receipt the profile's way), relays
 * (paged history with `page`/`size` headers, the thread with its links, the current user), typing
 * and keystrokes events, the error queue, seedable threads and fault controls. It drives the chat
 * tests, the stories and the demo. `publish: "client"` profiles (`broker`) need no server: clients
 * publish to the topic, which the fake broker routes as usual.
 *
 * @example
 * const server = createStompXServer()
 * server.seed('1', ['Hi', { body: 'Hello', user: 'bob' }])
 * const session = createStompSession({ webSocketFactory: server.webSocketFactory, connectHeaders: { 'StompX-User': 'alice' } })
 */
export function createStompXServer(options: StompXServerOptions = {}) {
  const profile = resolveChatProfile(options.profile);
  const broker =
    options.broker ??
    createFakeBroker({
      userName: (h) => h["StompX-User"] || h.login,
      ...options.brokerOptions,
    });
  const threads = new Map<string, StoredMessage[]>();
  const names = new Map<string, string>();
  const idempotent = new Map<string, { thread: string; message: StoredMessage }>();
  const limits = options.limits ?? {};
  const faults = { delay: 0, rejectSends: [] as string[], failRelays: [] as string[], swallowEchoes: false };
  let ids = 0;
  let lastTime = 0;
  const match = {
    action: templateMatcher(profile.action),
    keystrokes: templateMatcher(profile.keystrokesAction),
    history: templateMatcher(profile.historyRelay),
    thread: templateMatcher(profile.threadRelay ?? "/application/v1/threads/{thread}.relay"),
  };
  const fill = (t: string | undefined, thread: string) => t?.split("{thread}").join(thread);
  /** The thread's messages; reading never creates a thread (a relay for any id costs nothing). */
  const history = (thread: string): readonly StoredMessage[] => threads.get(thread) ?? [];
  const stored = (thread: string) => {
    const list = threads.get(thread) ?? [];
    threads.set(thread, list);
    return list;
  };
  const keyOf = (user: string, key: string) => `${user}\u0000${key}`;
  /** Drops the oldest messages past `maxMessagesPerThread` (and their idempotency keys). */
  function trim(list: StoredMessage[]) {
    const max = limits.maxMessagesPerThread;
    if (max === undefined || list.length <= max) return;
    for (const old of list.splice(0, list.length - max))
      if (old.idempotencyKey) idempotent.delete(keyOf(old.user, old.idempotencyKey));
  }
  const nextTime = (at?: number) => {
    lastTime = Math.max(at ?? Date.now(), lastTime + 1); // strictly increasing: a stable order
    return lastTime;
  };
  const later = (fn: () => void) => (faults.delay > 0 ? setTimeout(fn, faults.delay) : queueMicrotask(fn));

  /** MESSAGE to every subscription on `destination`; `extra` headers only to one connection. */
  function fanOut(
    destination: string,
    body: string,
    extra?: { to: FakeConnection; headers: Record<string, string> },
  ) {
    for (const c of broker.openConnections())
      for (const sub of [...c.subscriptions.values()])
        if (sub.destination === destination)
          broker.deliverTo(c, sub.id, body, {
            "content-type": "application/json",
            ...(extra?.to === c ? extra.headers : {}),
          });
  }

  /** Sends an error to the connection's error queue subscription(s). */
  function sendError(c: FakeConnection, message: string, headers: Record<string, string> = {}) {
    if (!profile.errorQueue) return;
    const body = envelope("error", { error: "Error", message });
    for (const sub of [...c.subscriptions.values()])
      if (sub.destination === profile.errorQueue)
        broker.deliverTo(c, sub.id, body, { "content-type": "application/json", ...headers });
  }

  function create(
    thread: string,
    m: Omit<StoredMessage, "id" | "createdAt" | "createdTime"> & { createdAt?: number; id?: string },
  ) {
    const createdAt = nextTime(m.createdAt);
    const message: StoredMessage = {
      ...m,
      id: m.id ?? String(++ids),
      createdAt,
      createdTime: new Date(createdAt).toISOString(),
    };
    const list = stored(thread);
    list.push(message);
    trim(list);
    return message;
  }

  const full = (thread: string) =>
    !threads.has(thread) && limits.maxThreads !== undefined && threads.size >= limits.maxThreads;

  function echo(thread: string, message: StoredMessage, to?: FakeConnection, receipt?: string) {
    if (faults.swallowEchoes) return;
    const topic = fill(profile.topic, thread)!;
    const body = envelope(profile.events.created[0]!, messageResource(profile, message, thread));
    const header =
      profile.receiptEcho !== "resource" && to && receipt
        ? { to, headers: { "receipt-id": receipt } }
        : undefined;
    fanOut(topic, body, header);
  }

  const typing = createTypingFanout(profile, fanOut, options.typingTimeout ?? 3000);
  const setTyping = (c: FakeConnection, thread: string, keys: string) =>
    typing.set(fill(profile.typingTopic, thread), `${thread}\u0000${userOf(c)}`, userOf(c), keys);

  function onAction(frame: InterceptedFrame, thread: string) {
    const c = frame.connection;
    const receipt = frame.headers.receipt;
    const refuse = (message: string) => sendError(c, message, receipt ? { "receipt-id": receipt } : {});
    later(() => {
      if (!c.open) return;
      const rejection = faults.rejectSends.shift();
      if (rejection !== undefined) return refuse(rejection);
      let parsed: { type?: unknown; body?: unknown } | undefined;
      try {
        parsed = JSON.parse(frame.body);
      } catch {
        parsed = undefined;
      }
      if (parsed?.type !== "TEXT" || typeof parsed.body !== "string" || parsed.body.trim() === "")
        return refuse('A message needs {"type":"TEXT","body":"…"} with a non-empty body.');
      const key = frame.headers["x-idempotency-key"];
      const seen = key ? idempotent.get(keyOf(userOf(c), key)) : undefined;
      if (seen) {
        // a resend: the same message again, once it is stored for sure
        const again = () => {
          frame.receipt();
          echo(seen.thread, seen.message, c, receipt);
        };
        if (!options.beforeConfirm) return again();
        return void Promise.resolve()
          .then(options.beforeConfirm)
          .then(again, () => refuse("The server could not store the message"));
      }
      if (full(thread)) return refuse(`Too many threads: at most ${limits.maxThreads}`);
      const message = create(thread, {
        type: "TEXT",
        body: parsed.body,
        user: userOf(c),
        receipt,
        ...(key ? { idempotencyKey: key } : {}),
      });
      if (key) idempotent.set(keyOf(userOf(c), key), { thread, message });
      setTyping(c, thread, "");
      const publish = () => {
        frame.receipt();
        echo(thread, message, c, receipt);
      };
      if (!options.beforeConfirm) return publish();
      void confirm(thread, message).then(publish, () => refuse("The server could not store the message"));
      return undefined;
    });
  }

  /** Resolves once `beforeConfirm` has taken the message; on a failure the message is gone again. */
  async function confirm(thread: string, message: StoredMessage): Promise<void> {
    try {
      await options.beforeConfirm?.();
    } catch (e) {
      const list = threads.get(thread);
      const at = list?.indexOf(message) ?? -1;
      if (list && at >= 0) list.splice(at, 1);
      if (message.idempotencyKey) idempotent.delete(keyOf(message.user, message.idempotencyKey));
      throw e;
    }
  }

  function onRelay(frame: InterceptedFrame, answer: () => unknown) {
    const c = frame.connection;
    const id = frame.headers.id!;
    later(() => {
      const failure = faults.failRelays.shift();
      if (failure !== undefined) return sendError(c, failure, { "subscription-id": id });
      broker.deliverTo(c, id, JSON.stringify(answer()), { "content-type": "application/json" });
      return undefined;
    });
  }

  const removeInterceptor = broker.intercept((frame) => {
    const destination = frame.headers.destination ?? "";
    if (frame.command === "SEND" && profile.publish === "server") {
      const thread = match.action(destination);
      if (thread !== undefined) {
        onAction(frame, thread);
        return true;
      }
      const typingThread = match.keystrokes(destination);
      if (typingThread !== undefined) {
        frame.receipt();
        let keys = "";
        try {
          const v = JSON.parse(frame.body)?.keys;
          keys = typeof v === "string" ? v : "";
        } catch {}
        setTyping(frame.connection, typingThread, keys);
        return true;
      }
      return false;
    }
    if (frame.command !== "SUBSCRIBE" || frame.headers.id === undefined) return false;
    const historyThread = match.history(destination);
    if (historyThread !== undefined) {
      const size = Math.max(1, intHeader(frame.headers.size, 25, 100));
      const page = intHeader(frame.headers.page, 0, 1_000_000);
      onRelay(frame, () => ({
        type: "thread.messages",
        version: "v1",
        resource: pageResource(profile, historyThread, history(historyThread), { page, size, destination }),
      }));
    } else if (match.thread(destination) !== undefined) {
      const thread = match.thread(destination)!;
      onRelay(frame, () => ({ type: "thread", version: "v1", resource: threadResource(profile, thread) }));
    } else if (profile.userRelay && destination === profile.userRelay) {
      const name = userOf(frame.connection);
      onRelay(frame, () => ({
        type: "user",
        version: "v1",
        resource: { type: "PERSON", name, displayName: name },
      }));
    }
    return false; // the broker registers the subscription (so UNSUBSCRIBE works) and sends its RECEIPT
  });

  return {
    profile,
    broker,
    /** Pass to `createStompSession` / `StompProvider`. */
    webSocketFactory: broker.webSocketFactory,
    /** Adds history to a thread, oldest first, a second apart and before any message created since. */
    seed(thread: string, messages: readonly SeedMessage[], name?: string): void {
      if (name !== undefined) names.set(thread, name);
      const start = Date.now() - messages.length * 1000;
      messages.forEach((m, i) => {
        const o = typeof m === "string" ? { body: m } : m;
        const at = o.createdTime === undefined ? start + i * 1000 : new Date(o.createdTime).getTime();
        const message: StoredMessage = {
          id: o.id ?? String(++ids),
          type: o.type ?? "TEXT",
          body: o.body,
          user: o.user ?? "seed",
          createdAt: at,
          createdTime: new Date(at).toISOString(),
          receipt: undefined,
        };
        stored(thread).push(message);
      });
      stored(thread).sort((a, b) => a.createdAt - b.createdAt);
      trim(stored(thread));
    },
    /** Every thread that holds messages or was seeded, with its name (the dev server's thread list). */
    threads: () =>
      [...threads.keys()].map((id) => ({ id, name: names.get(id) ?? id, messages: history(id).length })),
    /** Everything stored, as JSON-ready data (copies). */
    snapshot(): StompXSnapshot {
      const out: StompXSnapshot["threads"] = {};
      for (const [id, list] of threads)
        out[id] = {
          ...(names.has(id) ? { name: names.get(id) } : {}),
          messages: list.map((m) => ({ ...m })),
        };
      return { version: 1, threads: out };
    },
    /** Replaces what is stored with a snapshot (a restart from the data file); idempotency keys included. */
    restore(snapshot: StompXSnapshot): void {
      threads.clear();
      names.clear();
      idempotent.clear();
      for (const [id, t] of Object.entries(snapshot.threads)) {
        if (t.name !== undefined) names.set(id, t.name);
        const list = t.messages.map((m) => ({ ...m }));
        threads.set(id, list);
        for (const m of list) {
          ids = Math.max(ids, Number(m.id) || 0);
          lastTime = Math.max(lastTime, m.createdAt);
          if (m.idempotencyKey) idempotent.set(keyOf(m.user, m.idempotencyKey), { thread: id, message: m });
        }
      }
    },
    /** Someone else posts (server side): stored and published live to the thread's subscribers. */
    post(thread: string, message: { body: string; user?: string }): void {
      const created = create(thread, {
        type: "TEXT",
        body: message.body,
        user: message.user ?? "bob",
        receipt: undefined,
      });
      echo(thread, created);
    },
    /** The thread's messages, oldest first (copies). */
    messages: (thread: string) => history(thread).map((m) => ({ ...m })),
    /** An error on the error queue of every connection of `user` (unattributed unless headers say). */
    error(user: string, message: string, headers: Record<string, string> = {}) {
      for (const c of broker.openConnections()) if (userOf(c) === user) sendError(c, message, headers);
    },
    /** Drops every connection (clients reconnect). */
    drop: () => broker.dropAll(),
    /** New connections are refused while on. */
    refuse: (on = true) => broker.refuseConnections(on),
    /** Actions and relays are answered after `ms` (0 = at once). */
    delay(ms: number) {
      faults.delay = ms;
    },
    /** The next `count` message actions get no RECEIPT and an error with their `receipt-id` on the error queue. */
    rejectSends(count = 1, message = "Message rejected") {
      for (let i = 0; i < count; i++) faults.rejectSends.push(message);
    },
    /** The next `count` relays get an error with their `subscription-id` instead of a reply. */
    failRelays(count = 1, message = "Relay failed") {
      for (let i = 0; i < count; i++) faults.failRelays.push(message);
    },
    /** Messages are created and RECEIPTed but no `created` event is published while on. */
    swallowEchoes(on = true) {
      faults.swallowEchoes = on;
    },
    /** Stops intercepting frames and clears typing timers. */
    dispose() {
      removeInterceptor();
      typing.dispose();
    },
  };
}

/** What `createStompXServer` returns. */
export type StompXServer = ReturnType<typeof createStompXServer>;
