import {
  type AckMode,
  asRelay,
  type Clock,
  type StompMessage,
  type SubscriptionRegistry,
} from "stompkit/core";
import type { TabSubscriptionOffer } from "./tabBus";

type Headers = Record<string, string>;

/** Headers of a SUBSCRIBE that are the frame's own, not options a broker reads. */
export const SUBSCRIBE_OWN = new Set(["id", "destination", "ack", "receipt"]);

export const without = (headers: Headers, own: Set<string>) => {
  const out: Headers = {};
  for (const [k, v] of Object.entries(headers)) if (!own.has(k)) out[k] = v;
  return out;
};

/** Messages a relay holds for a tab that has not claimed it yet; past this it gives up (a tab that never comes). */
const MAX_HELD = 10_000;

/** What a follower's SUBSCRIBE must match to claim a relay made for its subscription id. */
export const relaySignature = (destination: string, ack: AckMode, extra: Headers) =>
  JSON.stringify([destination, ack, Object.entries(extra).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);

/** Settles a message for a tab; with its connection gone, the broker redelivers it anyway. */
export const settleFor = (m: StompMessage<unknown>, command: "ACK" | "NACK", headers?: Headers) => {
  try {
    if (command === "ACK") m.ack(headers);
    else m.nack(headers);
  } catch {
    // its connection is gone: the broker redelivers it (to this tab again, after the reconnect)
  }
};

export interface TabRelay {
  readonly handle: ReturnType<SubscriptionRegistry["subscribe"]>;
  readonly signature: string;
  /** A follower's link takes it: what it held goes to `forward` first, in order, then each message as it comes. */
  claim(forward: (m: StompMessage<unknown>) => void): void;
  /** Its link ended but the tab is expected back (the leader's connection dropped): hold again. */
  park(): void;
  /** Holds `m` for the next link again (forwarded to the last one, never acked there). */
  hold(m: StompMessage<unknown>): void;
  /** Not wanted: what it held is voted for as the other tabs vote, and it leaves the registry. */
  giveUp(): void;
}

/**
 * The leader's registration for one follower subscription (`asRelay`: it never decides parsing for the
 * leader's own components). It holds what arrives until a link claims it, with each message's ACK vote
 * outstanding — so the broker hears an ACK only once that tab has had the message too: a relay made
 * before the leader's SUBSCRIBE (from the follower's offer) misses nothing the broker delivers at once.
 */
export function createTabRelay(
  registry: SubscriptionRegistry,
  destination: string,
  ack: AckMode,
  extra: Headers,
  key: string,
): TabRelay {
  const own = Object.keys(extra).length > 0; // a relay or broker options: never shared
  let forward: ((m: StompMessage<unknown>) => void) | undefined;
  const held: StompMessage<unknown>[] = [];
  let done = false;
  const handle = registry.subscribe(
    destination,
    asRelay({ ack, autoAck: false, headers: extra, key: own ? key : undefined, keep: 1, receipt: true }),
    (m) => {
      if (forward) forward(m);
      else if (held.push(m) > MAX_HELD) relay.giveUp();
    },
  );
  const relay: TabRelay = {
    handle,
    signature: relaySignature(destination, ack, extra),
    claim(next) {
      forward = next;
      for (const m of held.splice(0)) next(m);
    },
    park() {
      forward = undefined;
    },
    hold(m) {
      if (!done && held.push(m) > MAX_HELD) relay.giveUp();
    },
    giveUp() {
      if (done) return;
      done = true;
      forward = undefined;
      for (const m of held.splice(0)) settleFor(m, "ACK");
      handle.release(true);
    },
  };
  return relay;
}

/**
 * The leader's relays by follower tab, between links: a link that ends without DISCONNECT parks its
 * relays (they hold what arrives) for the tab's next link, which adopts those its offer still wants;
 * not adopted within `holdMs`, they are given up.
 */
export function createTabRelayLot(registry: SubscriptionRegistry, clock: Clock, holdMs: number) {
  const parked = new Map<string, Map<string, TabRelay>>(); // tab → subscription id → relay
  const timers = new Map<string, unknown>();
  const take = (tab: string) => {
    clock.clearTimeout(timers.get(tab));
    timers.delete(tab);
    const relays = parked.get(tab) ?? new Map<string, TabRelay>();
    parked.delete(tab);
    return relays;
  };
  const giveUp = (tab: string) => {
    for (const r of take(tab).values()) r.giveUp();
  };
  const relayFor = (tab: string, id: string, destination: string, ack: AckMode, extra: Headers) =>
    createTabRelay(registry, destination, ack, extra, `tab:${tab}:${id}`);
  return {
    relayFor,
    /**
     * A new link's relays, before its CONNECT: those parked for its tab that its offer still wants, and
     * one per other subscription offered — in the registry before the leader's SUBSCRIBE goes out.
     */
    adopt(tab: string, offers: readonly TabSubscriptionOffer[]) {
      const kept = take(tab);
      const relays = new Map<string, TabRelay>();
      for (const o of offers) {
        const extra = without(o.headers, SUBSCRIBE_OWN);
        const old = kept.get(o.id);
        kept.delete(o.id);
        if (old && old.signature === relaySignature(o.destination, o.ack, extra)) {
          relays.set(o.id, old);
          continue;
        }
        old?.giveUp();
        relays.get(o.id)?.giveUp();
        try {
          relays.set(o.id, relayFor(tab, o.id, o.destination, o.ack, extra));
        } catch {
          // a destination or header the registry refuses (CR/LF/NUL): its SUBSCRIBE will say so
        }
      }
      for (const r of kept.values()) r.giveUp();
      return relays;
    },
    /** A link ended without DISCONNECT: its relays hold for the tab's next link, `holdMs` at most. */
    park(tab: string, relays: Map<string, TabRelay>) {
      giveUp(tab);
      for (const r of relays.values()) r.park();
      parked.set(tab, relays);
      timers.set(
        tab,
        clock.setTimeout(() => giveUp(tab), holdMs),
      );
    },
    giveUp,
    giveUpAll() {
      for (const tab of [...parked.keys()]) giveUp(tab);
    },
  };
}

export type TabRelayLot = ReturnType<typeof createTabRelayLot>;
