import { FrameImpl, type ITransaction, Parser } from "@stomp/stompjs";
import { asRelay, type StompMessage, type StompSession, type SubscriptionHandle } from "stompkit/core";
import { createTabWriter, type TabBus } from "./tabBus";

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
export function createTabHub(bus: TabBus, session: StompSession, identity: () => string | undefined) {
  const links = new Map<string, ReturnType<typeof serve>>();

  function serve(tab: string, link: string, channel: TabBus) {
    const writer = createTabWriter(channel, () => tab, link);
    const subs = new Map<string, SubscriptionHandle<unknown>>();
    const unacked = new Map<string, StompMessage<unknown>>();
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
      const headers: Headers = { version: "1.2", "heart-beat": "0,0", session: link };
      if (info?.server) headers.server = info.server;
      if (info?.userName) headers["user-name"] = info.userName;
      write("CONNECTED", headers);
    };

    const subscribe = (headers: Headers) => {
      const id = headers.id ?? "";
      const destination = headers.destination ?? "";
      const ack = (headers.ack ?? "auto") as "auto" | "client" | "client-individual";
      const extra = without(headers, SUBSCRIBE_OWN);
      const own = Object.keys(extra).length > 0; // a relay or broker options: never shared
      subs.get(id)?.release(true);
      const handle = session.subscriptions.subscribe(
        destination,
        asRelay({
          ack,
          autoAck: false,
          headers: extra,
          key: own ? `tab:${link}:${id}` : undefined,
          keep: 1,
          receipt: true,
        }),
        (m) => {
          const out: Headers = { ...without(m.headers as Headers, MESSAGE_OWN), subscription: id };
          if (ack !== "auto") {
            const ackId = `${link}:${++acks}`;
            unacked.set(ackId, m);
            out.ack = ackId;
          }
          write("MESSAGE", out, m.raw);
        },
      );
      subs.set(id, handle);
      if (!headers.receipt) return;
      const settle = () => {
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
      if (settle()) return;
      const off = handle.store.subscribe(() => {
        if (settle()) off();
      });
    };

    const settleAck = (command: "ACK" | "NACK", headers: Headers) => {
      const m = unacked.get(headers.id ?? "");
      unacked.delete(headers.id ?? "");
      try {
        if (command === "ACK") m?.ack(tx(headers));
        else m?.nack(tx(headers));
      } catch {
        // its connection is gone: the broker redelivers it, to this tab again after the reconnect
      }
      receipt(headers);
    };

    const onFrame = (command: string, headers: Headers, body: string) => {
      if (!connected && command !== "CONNECT" && command !== "STOMP") return;
      switch (command) {
        case "CONNECT":
        case "STOMP":
          if (session.connected) connect();
          else waitingConnect = connect;
          return;
        case "SUBSCRIBE":
          return subscribe(headers);
        case "UNSUBSCRIBE":
          subs.get(headers.id ?? "")?.release();
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

    /** Ends the link: its subscriptions leave the registry (the last one unsubscribes). */
    const close = (tellFollower: boolean) => {
      if (closed) return;
      writer.flush();
      if (tellFollower) channel.post({ k: "close", from: bus.tabId, to: tab, link });
      closed = true;
      offChannel();
      channel.close();
      for (const handle of subs.values()) handle.release();
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
    const offChannel = channel.on((message) => {
      if (message.from !== tab || !("link" in message) || message.link !== link) return;
      if (message.k === "data") receive(message.data);
      else if (message.k === "close") close(false);
    });

    return {
      tab,
      connectedAgain() {
        waitingConnect?.();
      },
      close,
    };
  }

  const waiting: { from: string; link: string; identity: string }[] = []; // opens before the leader's identity is known
  const accept = (from: string, link: string, claimed: string) => {
    links.get(link)?.close(false);
    const channel = bus.link(link);
    if (claimed !== identity()) {
      // Another identity (another user, other credentials): never served by this tab's session.
      channel.post({ k: "refused", from: bus.tabId, to: from, link });
      channel.close();
      return;
    }
    links.set(link, serve(from, link, channel));
    channel.post({ k: "opened", from: bus.tabId, to: from, link });
  };
  const offBus = bus.on((message) => {
    if (message.k === "open") {
      if (identity() === undefined)
        waiting.push({ from: message.from, link: message.link, identity: message.identity });
      else accept(message.from, message.link, message.identity);
    }
  });
  const offConnect = session.on("connect", () => {
    for (const l of links.values()) l.connectedAgain();
  });
  const offDisconnect = session.on("disconnect", () => {
    for (const l of [...links.values()]) l.close(true);
  });

  return {
    /** The leader's identity is known now (its first attempt resolved its headers): answer who waited. */
    identified() {
      for (const w of waiting.splice(0)) accept(w.from, w.link, w.identity);
    },
    /** Links of tabs that went silent (closed without a word, renderer killed). */
    dropTab(tab: string) {
      for (const l of [...links.values()]) if (l.tab === tab) l.close(true);
    },
    get links() {
      return links.size;
    },
    stop() {
      offBus();
      offConnect();
      offDisconnect();
      for (const l of [...links.values()]) l.close(true);
    },
  };
}

export type TabHub = ReturnType<typeof createTabHub>;
