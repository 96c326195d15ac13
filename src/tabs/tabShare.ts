import type { IStompSocket } from "@stomp/stompjs";
import {
  DEV,
  registryInternals,
  StompConfigError,
  type StompSessionBase,
  setSocketHook,
  withSending,
} from "stompkit/core";
import { deferSocket } from "./deferredSocket";
import {
  createTabBus,
  defaultTabEnvironment,
  type TabEnvironment,
  type TabSubscriptionOffer,
} from "./tabBus";
import { createTabElection } from "./tabElection";
import { createTabHub, type TabHub } from "./tabHub";
import { createTabLinkSocket, type TabLinkSocket } from "./tabLinkSocket";

export interface ShareAcrossTabsOptions {
  /** Names the channel and the lock: tabs share only with tabs of the same name (and origin). */
  name: string;
  /** BroadcastChannel and Web Locks (tests). @default the browser's; none → no sharing */
  environment?: TabEnvironment;
  /** Beat period between tabs, in ms. @default 500 */
  beatMs?: number;
  /** A tab silent this long is gone; a silent leader is taken over. @default 2500 */
  silentMs?: number;
}

/**
 * A digest of CONNECT headers (53-bit, cyrb53): equal headers, equal digest. Tabs compare digests so
 * that two identities never share a session, without the headers themselves crossing the channel
 * (53 bits of a token reveal nothing of it).
 */
export function headersDigest(headers: Readonly<Record<string, string>>): string {
  const text = Object.keys(headers)
    .filter((k) => k !== "heart-beat" && k !== "accept-version")
    .sort()
    .map((k) => `${k}\n${headers[k]}`)
    .join("\0");
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The subscriptions this session re-issues at its next CONNECTED (held, not refused). */
const offersOf = (session: StompSessionBase) => (): TabSubscriptionOffer[] =>
  [...registryInternals(session.subscriptions).view()[0].values()]
    .filter((e) => e.refs > 0 && e.buffer.store.getState().status !== "error")
    .map((e) => ({ id: e.id, destination: e.destination, ack: e.ack, headers: { ...e.headers } }));

const randomId = () =>
  typeof crypto !== "undefined" && typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/**
 * Makes `session` share one broker connection with the other tabs of this origin that use the same
 * `name`: the tabs elect a leader (tabElection.ts); only the leader opens a socket, and serves the
 * others' STOMP sessions over the channel (tabHub.ts); a follower's session talks to it through a
 * link (tabLinkSocket.ts) and is otherwise the same session: its hooks, subscriptions, outbox,
 * receipts and reconnects work as they do on a socket, so a handover is a reconnect to another tab.
 * Returns the stop, or `undefined` where BroadcastChannel or Web Locks are missing (the session then
 * keeps its own connection, as without sharing).
 */
export function shareAcrossTabs(base: StompSessionBase, options: ShareAcrossTabsOptions) {
  if (typeof options?.name !== "string" || options.name === "")
    throw new StompConfigError(DEV && "shareAcrossTabs: `name` must be a non-empty string.");
  const session = withSending(base);
  const env = options.environment ?? defaultTabEnvironment();
  if (!env) return undefined;
  const clock = session.clock;
  const beatMs = options.beatMs ?? 500;
  const silentMs = options.silentMs ?? 2500;
  const name = `stompkit:${options.name}`;
  const bus = createTabBus(env, name, randomId());
  const offers = offersOf(session);
  const seen = new Map<string, { at: number; shares: boolean }>(); // tab → its last beat
  let hub: TabHub | undefined;
  let link: TabLinkSocket | undefined;
  let timer: unknown;
  let stopped = false;
  let identity: string | undefined; // the digest of the headers this tab (as leader) connects with
  const refused = new Set<string>(); // digests the leader refused: this tab connects on its own
  /** Lets the next attempt pick its socket again (only while the app has the session mounted). */
  const redial = () => {
    const { status } = session.connection.getState();
    if (!stopped && status !== "idle" && status !== "closed") session.reconnect();
  };

  let lastDigest: string | undefined;
  const election = createTabElection({
    bus,
    env,
    lockName: name,
    clock,
    beatMs,
    silentMs,
    // A follower that shares the leader's session (not one refused for another identity).
    shares: () => lastDigest === undefined || !refused.has(lastDigest),
    onRole(role) {
      const before = election.leaderId;
      hub?.stop();
      hub = role === "leader" ? createTabHub(bus, session, () => identity, silentMs) : undefined;
      // The tabs that shared the last leader's session link to this one next: its socket waits for them.
      const now = clock.now();
      for (const [tab, beat] of seen)
        if (beat.shares && tab !== before && now - beat.at <= silentMs) hub?.expect([tab]);
      redial(); // the next attempt: this tab's own socket, or a link to the leader
    },
    onLeader(leaderId) {
      // At once, not after a backoff: the new leader's first socket waits for this tab's link.
      if (!link || link.readyState >= 2 || (link.leaderId && link.leaderId !== leaderId)) redial();
    },
  });

  const offBeats = bus.on((message) => {
    if (message.k === "beat") seen.set(message.from, { at: clock.now(), shares: message.shares === true });
  });
  const sweep = () => {
    const now = clock.now();
    for (const [tab, { at }] of seen) {
      if (now - at <= silentMs) continue;
      seen.delete(tab);
      hub?.dropTab(tab); // closed without a word, or its renderer died
      if (link && link.leaderId === tab) link.drop("the leader tab went silent");
    }
    timer = clock.setTimeout(sweep, beatMs);
  };

  setSocketHook(session, (open, headers, url) => {
    // The same credentials on the same broker: another app of the origin on another broker never shares.
    const digest = headersDigest({ ...headers, "\0url": url ?? "" });
    lastDigest = digest;
    if (election.role === "leader") {
      identity = digest;
      hub?.identified();
      link = undefined;
      const own = () => {
        const socket = open();
        const send = socket.send.bind(socket);
        // A leader that was frozen sends nothing until it knows it still leads (tabElection.mayAct).
        socket.send = (data) => {
          if (election.mayAct()) send(data);
        };
        return socket;
      };
      const gathering = hub;
      if (!gathering?.gathering) return own();
      // Every relay in the registry before the first SUBSCRIBE: what a work queue delivers at once reaches them all.
      return deferSocket(url ?? "", own, (go) => gathering.whenGathered(go, beatMs));
    }
    link = undefined;
    if (refused.has(digest)) return open(); // the leader is someone else: this tab's own connection
    link = createTabLinkSocket(
      bus,
      election.leaderId,
      clock,
      silentMs,
      digest,
      () => refused.add(digest),
      offers,
    );
    return link as IStompSocket;
  });
  election.start();
  timer = clock.setTimeout(sweep, beatMs);

  return () => {
    stopped = true;
    setSocketHook(session, undefined);
    clock.clearTimeout(timer);
    offBeats();
    hub?.stop();
    hub = undefined;
    election.stop();
    bus.close();
  };
}
