/**
 * What tab sharing needs from the browser, injectable for tests: a BroadcastChannel (same-origin,
 * structured clone) and Web Locks. `defaultTabEnvironment()` is undefined where either is missing
 * (old Safari, some WebViews, Node, SSR): each tab then keeps its own connection.
 */
export interface TabChannelLike {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

export interface TabLockOptions {
  mode?: "exclusive";
  steal?: boolean;
  signal?: AbortSignal;
}

export interface TabLocksLike {
  request(name: string, options: TabLockOptions, callback: () => Promise<unknown>): Promise<unknown>;
}

export interface TabEnvironment {
  channel(name: string): TabChannelLike;
  locks: TabLocksLike;
  /** Page Lifecycle: `freeze` (the browser is about to freeze the tab) and `resume`. */
  onLifecycle?(listener: (event: "freeze" | "resume") => void): () => void;
  /** Runs `fn` in a task of its own soon (not throttled in a background tab). @default a microtask */
  nextTask?(fn: () => void): void;
}

/** A MessageChannel task: after what is already queued (a backlog of socket messages), never throttled. */
function taskScheduler(): ((fn: () => void) => void) | undefined {
  if (typeof MessageChannel !== "function") return undefined;
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => {
    for (const fn of queue.splice(0)) fn();
  };
  return (fn) => {
    if (queue.push(fn) === 1) channel.port2.postMessage(0);
  };
}

type Globals = {
  BroadcastChannel?: new (name: string) => TabChannelLike;
  navigator?: { locks?: TabLocksLike };
  document?: {
    addEventListener(type: string, listener: () => void): void;
    removeEventListener(type: string, listener: () => void): void;
  };
};

export function defaultTabEnvironment(): TabEnvironment | undefined {
  const g = globalThis as Globals;
  const Channel = g.BroadcastChannel;
  const locks = g.navigator?.locks;
  if (typeof Channel !== "function" || !locks || typeof locks.request !== "function") return undefined;
  const doc = g.document;
  return {
    channel: (name) => new Channel(name),
    locks,
    nextTask: taskScheduler(),
    onLifecycle: doc
      ? (listener) => {
          const freeze = () => listener("freeze");
          const resume = () => listener("resume");
          doc.addEventListener("freeze", freeze);
          doc.addEventListener("resume", resume);
          return () => {
            doc.removeEventListener("freeze", freeze);
            doc.removeEventListener("resume", resume);
          };
        }
      : undefined,
  };
}

/**
 * A subscription a follower's session holds when it opens a link (what its SUBSCRIBE will carry once
 * connected): the leader subscribes a relay for it at once, so nothing delivered meanwhile is missed.
 */
export interface TabSubscriptionOffer {
  id: string;
  destination: string;
  ack: "auto" | "client" | "client-individual";
  headers: Record<string, string>;
}

/**
 * One message between the tabs of a shared session. `to` is a tab id, or absent for every tab. On the
 * origin's channel: beats and a follower's `open`; everything else of a link (the answer, its STOMP
 * bytes, its end) goes on the link's own channel (`TabBus.link`), so each tab wakes only for its own.
 */
export type TabMessage =
  | { k: "beat"; from: string; leader: boolean; epoch: number; shares?: boolean }
  | { k: "open"; from: string; to: string; link: string; identity: string; subs?: TabSubscriptionOffer[] }
  | { k: "opened"; from: string; to: string; link: string }
  | { k: "refused"; from: string; to: string; link: string }
  | { k: "data"; from: string; to: string; link: string; data: string }
  | { k: "close"; from: string; to: string; link: string };

const str = (value: unknown) => typeof value === "string";
const ACKS = new Set(["auto", "client", "client-individual"]);
const isStrings = (value: unknown) =>
  typeof value === "object" && value !== null && Object.values(value).every(str);
const isOffer = (value: unknown) => {
  const o = value as Record<string, unknown> | null;
  return (
    typeof o === "object" &&
    o !== null &&
    str(o.id) &&
    str(o.destination) &&
    ACKS.has(o.ack as string) &&
    isStrings(o.headers)
  );
};

/** The shape of every kind, field by field: anything else on the name is dropped (another page's, garbage). */
const isTabMessage = (value: unknown): value is TabMessage => {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Record<string, unknown>;
  if (!str(m.from)) return false;
  switch (m.k) {
    case "beat":
      return (
        typeof m.leader === "boolean" &&
        Number.isFinite(m.epoch) &&
        (m.epoch as number) >= 0 &&
        (m.shares === undefined || typeof m.shares === "boolean")
      );
    case "open":
      // `subs` is optional: a tab of an older build of the app opens without it.
      return (
        str(m.to) &&
        str(m.link) &&
        str(m.identity) &&
        (m.subs === undefined || (Array.isArray(m.subs) && m.subs.every(isOffer)))
      );
    case "data":
      return str(m.to) && str(m.link) && str(m.data);
    case "opened":
    case "refused":
    case "close":
      return str(m.to) && str(m.link);
    default:
      return false;
  }
};

/**
 * This tab's end of the channel: posts `TabMessage`s and hands on the ones for this tab (addressed
 * to it, or to every tab), dropping anything else a same-origin page may have posted on the name.
 */
export function createTabBus(env: TabEnvironment, name: string, tabId: string) {
  const channel = env.channel(name);
  const listeners = new Set<(message: TabMessage) => void>();
  let closed = false;
  channel.onmessage = (event) => {
    const message = event.data;
    if (!isTabMessage(message) || message.from === tabId) return;
    if ("to" in message && message.to !== tabId) return;
    for (const listener of listeners) listener(message);
  };
  return {
    tabId,
    /** Soon, in a task of its own where the browser allows (`TabEnvironment.nextTask`). */
    later: env.nextTask ?? ((fn: () => void) => queueMicrotask(fn)),
    post(message: TabMessage) {
      if (!closed) channel.postMessage(message); // a closed BroadcastChannel throws
    },
    on(listener: (message: TabMessage) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    /** The channel of one link (leader ↔ one follower): only those two tabs have it open. */
    link(id: string) {
      return createTabBus(env, `${name}\n${id}`, tabId);
    },
    close() {
      closed = true;
      listeners.clear();
      channel.onmessage = null;
      channel.close();
    },
  };
}

export type TabBus = ReturnType<typeof createTabBus>;

/**
 * A link's STOMP bytes towards one tab: what is written until the next task goes as one message (STOMP
 * is a byte stream, the other side's parser splits it), in order — under a backlog of socket messages,
 * one post carries them all; `flush()` first when anything else is posted after it (a close).
 */
export function createTabWriter(bus: TabBus, to: () => string, link: string) {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const data = pending.length === 1 ? pending[0]! : pending.join("");
    pending = [];
    bus.post({ k: "data", from: bus.tabId, to: to(), link, data });
  };
  return {
    write(data: string) {
      if (pending.push(data) === 1) bus.later(flush);
    },
    flush,
  };
}
