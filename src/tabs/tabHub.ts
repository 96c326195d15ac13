import { FrameImpl, type ITransaction, Parser } from "@stomp/stompjs";
import type { AckMode, StompMessage, StompSession } from "stompkit/core";
import { createTabWriter, type TabBus, type TabSubscriptionOffer } from "./tabBus";
import { createTabRelay, relaySignature, settleFor, type TabRelay } from "./tabRelay";

/** Headers of a SUBSCRIBE that are the frame's own, not options a broker reads. */
const SUBSCRIBE_OWN = new Set(["id", "destination", "ack", "receipt"]);
/** Headers of a SEND that the leader's outbox writes itself. */
const SEND_OWN = new Set(["destination", "receipt", "content-length", "content-type"]);
/** MESSAGE headers the hub rewrites for the follower's connection. */
const MESSAGE_OWN = new Set(["subscription", "ack", "content-length"]);

type Headers = Record<string, string>;

const without = (headers: Headers, own: Set<string>) => {
  const out: Headers = {};
  for (const [k, v] of Object.entries(headers)) if (!own.has(k)) out[k] = v;
  return out;
};

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
 */
export function createTabHub(
  bus: TabBus,
  session: StompSession,
  identity: () => string | undefined,
  claimMs: number,
) {
  const { clock } = session;
  const links = new Map<string, ReturnType<typeof serve>>();

  /** Relays of tabs whose link ended with the leader's connection, held for their next link (by tab, then id). */
  const parked = new Map<string, Map<string, TabRelay>>();
  const parkTimers = new Map<string, unknown>();
  const relayFor = (tab: string, id: string, destination: string, ack: AckMode, extra: Headers) =>
    createTabRelay(session.subscriptions, destination, ack, extra, `tab:${tab}:${id}`);
  const giveUpParked = (tab: string) => {
    clock.clearTimeout(parkTimers.get(tab));
    parkTimers.delete(tab);
    for (const r of parked.get(tab)?.values() ?? []) r.giveUp();
    parked.delete(tab);
  };

  /**
   * A new link's relays, before its CONNECT: those parked for its tab that its offer still wants, and
   * one per other subscription offered — in the registry before the leader's SUBSCRIBE goes out.
   */
  function relaysFor(tab: string, offers: readonly TabSubscriptionOffer[]) {
    const kept = parked.get(tab) ?? new Map<string, TabRelay>();
    parked.delete(tab);
    clock.clearTimeout(parkTimers.get(tab));
    parkTimers.delete(tab);
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
  }

  function serve(tab: string, link: string, channel: TabBus, offered: Map<string, TabRelay>) {
    const writer = createTabWriter(channel, () => tab, link);
    const subs = new Map<string, TabRelay>();
    /** Forwarded with an ack id, not yet acked by the tab: by ack id, with the relay it came through. */
    const unacked = new Map<string, { m: StompMessage<unknown>; relay: TabRelay }>();
    const transactions = new Map<string, ITransaction>();
    let acks = 0;
    let connected = false;
    let waitingConnect: (() => void) | undefined;
    let closed = false;
    const write = (command: string, headers: Headers, body = "") => {
      if (closed) return;
      const frame = new FrameImpl({ command, headers, body, escapeHeaderValues: command !== "CONNECTED" });
      writer.write(frame.serialize() as string);
    };
    const receipt = (headers: Headers) => {
      if (headers.receipt) write("RECEIPT", { "receipt-id": headers.receipt });
    };
    const tx = (headers: Headers): Headers =>
      headers.transaction ? { transaction: `${link}:${headers.transaction}` } : {};

    const connect = () => {
      waitingConnect = undefined;
      const info = session.connection.getState().connected;
      connected = true;
      // Its SUBSCRIBEs follow this CONNECTED at once; a relay still unclaimed by then is not wanted.
      clock.clearTimeout(claimTimer);
      claimTimer = clock.setTimeout(giveUpOffers, claimMs);
      const headers: Headers = { version: "1.2", "heart-beat": "0,0", session: link };
      if (info?.server) headers.server = info.server;
      if (info?.userName) headers["user-name"] = info.userName;
      write("CONNECTED", headers);
    };

    /** The follower's MESSAGE for one of its subscriptions (a claimed relay forwards through it). */
    const forwarder = (id: string, ack: AckMode, relay: TabRelay) => (m: StompMessage<unknown>) => {
      const out: Headers = { ...without(m.headers as Headers, MESSAGE_OWN), subscription: id };
      if (ack !== "auto") {
        const ackId = `${link}:${++acks}`;
        unacked.set(ackId, { m, relay });
        out.ack = ackId;
      }
      write("MESSAGE", out, m.raw);
    };
    let claimTimer: unknown;
    const giveUpOffers = () => {
      clock.clearTimeout(claimTimer);
      for (const r of offered.values()) r.giveUp();
      offered.clear();
    };

    const subscribe = (headers: Headers) => {
      const id = headers.id ?? "";
      const destination = headers.destination ?? "";
      const ack = (headers.ack ?? "auto") as AckMode;
      const extra = without(headers, SUBSCRIBE_OWN);
      let r = offered.get(id);
      offered.delete(id);
      if (r?.signature !== relaySignature(destination, ack, extra)) {
        r?.giveUp();
        subs.get(id)?.handle.release(true);
        r = relayFor(tab, id, destination, ack, extra);
      }
      r.claim(forwarder(id, ack, r));
      subs.set(id, r);
      const { handle } = r;
      if (!headers.receipt) return;
      const settleReceipt = () => {
        const { status, error } = handle.store.getState();
        if (status === "ready") receipt(headers);
        else if (status === "error") {
          write("ERROR", {
            message: error?.message ?? "subscription refused",
            "receipt-id": headers.receipt!,
          });
          close(true);
        } else return false;
        return true;
      };
      if (settleReceipt()) return;
      const off = handle.store.subscribe(() => {
        if (settleReceipt()) off();
      });
    };

    const settleAck = (command: "ACK" | "NACK", headers: Headers) => {
      const sent = unacked.get(headers.id ?? "");
      unacked.delete(headers.id ?? "");
      if (sent) settleFor(sent.m, command, tx(headers));
      receipt(headers);
    };

    const onFrame = (command: string, headers: Headers, body: string) => {
      if (!connected && command !== "CONNECT" && command !== "STOMP") return;
      switch (command) {
        case "CONNECT":
        case "STOMP":
          clock.clearTimeout(claimTimer); // its relays wait for the leader's CONNECTED, however long
          if (session.connected) connect();
          else waitingConnect = connect;
          return;
        case "SUBSCRIBE":
          return subscribe(headers);
        case "UNSUBSCRIBE":
          subs.get(headers.id ?? "")?.handle.release();
          subs.delete(headers.id ?? "");
          return receipt(headers);
        case "SEND": {
          const wanted = headers.receipt;
          const sent = session.send(headers.destination ?? "", body, {
            headers: { ...without(headers, SEND_OWN), ...tx(headers) },
            contentType: headers["content-type"],
            // The follower's own receipt id, on the wire as it is: a StompX server echoes it in the
            // message it confirms, and the follower's chat matches its pending message by it. (Ids of
            // different sessions do not collide: each session's carry a random prefix.)
            receipt: wanted || undefined,
          });
          // A send that fails in the leader gets no RECEIPT: the follower's own outbox times it out
          // (typed) and resends it after a reconnect, with the same idempotency header.
          sent.then(
            () => wanted && receipt(headers),
            () => {},
          );
          return;
        }
        case "ACK":
        case "NACK":
          return settleAck(command, headers);
        case "BEGIN":
          if (headers.transaction)
            transactions.set(headers.transaction, session.client.begin(`${link}:${headers.transaction}`));
          return receipt(headers);
        case "COMMIT":
        case "ABORT": {
          const t = transactions.get(headers.transaction ?? "");
          transactions.delete(headers.transaction ?? "");
          if (command === "COMMIT") t?.commit();
          else t?.abort();
          return receipt(headers);
        }
        case "DISCONNECT":
          receipt(headers);
          return close(false);
      }
    };

    const parser = new Parser(
      (raw) => {
        const frame = FrameImpl.fromRawFrame(raw, connected);
        onFrame(frame.command, frame.headers as Headers, frame.body);
      },
      () => {},
    );

    /**
     * Ends the link: its subscriptions leave the registry (the last one unsubscribes) and what it had not
     * acked is voted for as the other tabs vote — or, with `park` (the link dropped without DISCONNECT:
     * the leader's connection dropped, or the tab's own session reconnects), they stay, holding what it
     * had not acked and what arrives for its next link, as a broker holds them for a consumer's next
     * connection, for a silence window.
     */
    const close = (tellFollower: boolean, park = false) => {
      if (closed) return;
      writer.flush();
      if (tellFollower) channel.post({ k: "close", from: bus.tabId, to: tab, link });
      closed = true;
      offChannel();
      channel.close();
      clock.clearTimeout(claimTimer);
      if (park) {
        const held = new Map([...offered, ...subs]);
        for (const r of held.values()) r.park();
        const kept = new Set(held.values());
        // As a broker redelivers them (one it no longer subscribes to: voted for as the others vote).
        for (const { m, relay } of unacked.values()) {
          if (kept.has(relay)) relay.hold(m);
          else settleFor(m, "ACK");
        }
        giveUpParked(tab);
        parked.set(tab, held);
        parkTimers.set(
          tab,
          clock.setTimeout(() => giveUpParked(tab), claimMs),
        );
      } else {
        for (const r of offered.values()) r.giveUp();
        for (const { m } of unacked.values()) settleFor(m, "ACK");
        for (const r of subs.values()) r.handle.release();
      }
      offered.clear();
      subs.clear();
      unacked.clear();
      for (const t of transactions.values()) {
        try {
          t.abort();
        } catch {}
      }
      transactions.clear();
      links.delete(link);
    };

    const receive = (data: string) => {
      try {
        parser.parseChunk(data);
      } catch {
        close(true); // not STOMP: that tab broke the protocol
      }
    };
    claimTimer = clock.setTimeout(giveUpOffers, claimMs); // a link that never sends CONNECT claims nothing
    const offChannel = channel.on((message) => {
      if (message.from !== tab || !("link" in message) || message.link !== link) return;
      if (message.k === "data") receive(message.data);
      else if (message.k === "close") close(false, true); // no DISCONNECT: it may come back
    });

    return {
      tab,
      connectedAgain() {
        waitingConnect?.();
      },
      close,
    };
  }

  type Open = { from: string; link: string; identity: string; subs?: TabSubscriptionOffer[] };
  const waiting: Open[] = []; // opens before the leader's identity is known
  const accept = ({ from, link, identity: claimed, subs = [] }: Open) => {
    links.get(link)?.close(false);
    const channel = bus.link(link);
    if (claimed !== identity()) {
      // Another identity (another user, other credentials): never served by this tab's session.
      giveUpParked(from);
      channel.post({ k: "refused", from: bus.tabId, to: from, link });
      channel.close();
      return;
    }
    links.set(link, serve(from, link, channel, relaysFor(from, subs)));
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
      giveUpParked(tab);
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
      for (const tab of [...parked.keys()]) giveUpParked(tab);
    },
  };
}

export type TabHub = ReturnType<typeof createTabHub>;
