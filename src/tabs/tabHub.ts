import type { StompSession } from "stompkit/core";
import type { TabBus, TabSubscriptionOffer } from "./tabBus";
import { serveTabLink, type TabLinkServer } from "./tabHubLink";
import { createTabRelayLot } from "./tabRelay";

/**
 * The leader tab's side of shared sessions: a STOMP server for follower tabs, on top of the leader's
 * own session. A follower's SUBSCRIBE joins the leader's ref-counted registry (the same destination
 * in ten tabs is one SUBSCRIBE on the wire; one with broker headers, such as a relay's, is its own);
 * its MESSAGEs are forwarded as received (never parsed here), acked on the wire when every tab that
 * wants an ACK has sent it; its SENDs go through the leader's outbox, their RECEIPTs back to it.
 * Followers never see the leader's credentials: CONNECTED says what the broker said (version,
 * server, user), nothing else. Links close when the leader's connection closes: followers show the
 * leader's state and come back with it, re-subscribing and resending as after any drop. A tab
 * whose CONNECT headers differ from the leader's (`identity`) is refused: it connects on its own.
 *
 * Nothing a follower wants is acked before it has it: a link's `open` offers the subscriptions the
 * tab will re-issue, and their relays enter the registry at once (tabRelay.ts), holding what arrives
 * until the tab's SUBSCRIBE claims them; a link that ends without DISCONNECT parks them for the tab's
 * next link; and a new leader's first socket waits (`whenGathered`, bounded) for the links of the
 * tabs that followed its predecessor, so what a work queue redelivers at its SUBSCRIBE reaches all.
 */
export function createTabHub(
  bus: TabBus,
  session: StompSession,
  identity: () => string | undefined,
  claimMs: number,
) {
  const { clock } = session;
  const links = new Map<string, TabLinkServer>();

  const lot = createTabRelayLot(session.subscriptions, clock, claimMs);
  const served = { bus, session, lot, claimMs, onEnd: (link: string) => void links.delete(link) };

  type Open = { from: string; link: string; identity: string; subs?: TabSubscriptionOffer[] };
  const waiting: Open[] = []; // opens before the leader's identity is known
  const accept = ({ from, link, identity: claimed, subs = [] }: Open) => {
    links.get(link)?.close(false);
    const channel = bus.link(link);
    if (claimed !== identity()) {
      // Another identity (another user, other credentials): never served by this tab's session.
      lot.giveUp(from);
      channel.post({ k: "refused", from: bus.tabId, to: from, link });
      channel.close();
      return;
    }
    links.set(link, serveTabLink(served, from, link, channel, lot.adopt(from, subs)));
    channel.post({ k: "opened", from: bus.tabId, to: from, link });
  };
  /** Tabs that shared the last leader's session: this leader's first socket waits (bounded) for their links. */
  const expected = new Set<string>();
  let gathered: (() => void) | undefined;
  let gatherTimer: unknown;
  const endGather = () => {
    clock.clearTimeout(gatherTimer);
    expected.clear();
    const go = gathered;
    gathered = undefined;
    go?.();
  };
  const offBus = bus.on((message) => {
    if (message.k === "open") {
      if (identity() === undefined) waiting.push(message);
      else accept(message);
      if (expected.delete(message.from) && expected.size === 0 && gathered) endGather();
    }
  });
  const offConnect = session.on("connect", () => {
    for (const l of links.values()) l.connectedAgain();
  });
  const offDisconnect = session.on("disconnect", () => {
    for (const l of [...links.values()]) l.close(true, true);
  });

  return {
    /** Tabs expected to link soon (they followed the tab that led before this one). */
    expect(tabs: Iterable<string>) {
      for (const tab of tabs) expected.add(tab);
    },
    /** Some expected tab has not opened its link yet. */
    get gathering() {
      return expected.size > 0;
    },
    /** Runs `go` once every expected tab has opened its link (its relays are in the registry), or after `ms`. */
    whenGathered(go: () => void, ms: number) {
      clock.clearTimeout(gatherTimer);
      gathered = go;
      if (expected.size === 0) endGather();
      else gatherTimer = clock.setTimeout(endGather, ms);
    },
    /** The leader's identity is known now (its first attempt resolved its headers): answer who waited. */
    identified() {
      for (const w of waiting.splice(0)) accept(w);
    },
    /** Links of tabs that went silent (closed without a word, renderer killed). */
    dropTab(tab: string) {
      for (const l of [...links.values()]) if (l.tab === tab) l.close(true);
      lot.giveUp(tab);
    },
    get links() {
      return links.size;
    },
    stop() {
      clock.clearTimeout(gatherTimer);
      gathered = undefined;
      offBus();
      offConnect();
      offDisconnect();
      for (const l of [...links.values()]) l.close(true);
      lot.giveUpAll();
    },
  };
}

export type TabHub = ReturnType<typeof createTabHub>;
