import { FrameImpl, type ITransaction, Parser } from "@stomp/stompjs";
import type { AckMode, StompMessage, StompSession } from "stompkit/core";
import { createTabWriter, type TabBus } from "./tabBus";
import {
  relaySignature,
  SUBSCRIBE_OWN,
  settleFor,
  type TabRelay,
  type TabRelayLot,
  without,
} from "./tabRelay";

/** Headers of a SEND that the leader's outbox writes itself. */
const SEND_OWN = new Set(["destination", "receipt", "content-length", "content-type"]);
/** MESSAGE headers the hub rewrites for the follower's connection. */
const MESSAGE_OWN = new Set(["subscription", "ack", "content-length"]);

type Headers = Record<string, string>;

export interface TabLinkServerOptions {
  bus: TabBus;
  session: StompSession;
  lot: TabRelayLot;
  /** A relay not claimed this long after the CONNECTED (or a link that never sends CONNECT) is given up. */
  claimMs: number;
  /** The link ended (the hub forgets it). */
  onEnd(link: string): void;
}

/**
 * The leader's STOMP server for one follower tab's link, on the leader's session: CONNECT answered
 * with the leader's CONNECTED (what the broker said, never credentials), SUBSCRIBE as a relay in the
 * leader's registry (claiming the one made from the link's offer, `offered`), MESSAGE forwarded as
 * received, ACK/NACK as that tab's vote, SEND through the leader's outbox with its RECEIPT back,
 * transactions under the link's name.
 */
export function serveTabLink(
  { bus, session, lot, claimMs, onEnd }: TabLinkServerOptions,
  tab: string,
  link: string,
  channel: TabBus,
  offered: Map<string, TabRelay>,
) {
  const { clock } = session;
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
      r = lot.relayFor(tab, id, destination, ack, extra);
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
      const kept = new Set(held.values());
      // As a broker redelivers them (one it no longer subscribes to: voted for as the others vote).
      for (const { m, relay } of unacked.values()) {
        if (kept.has(relay)) relay.hold(m);
        else settleFor(m, "ACK");
      }
      lot.park(tab, held);
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
    onEnd(link);
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

export type TabLinkServer = ReturnType<typeof serveTabLink>;
