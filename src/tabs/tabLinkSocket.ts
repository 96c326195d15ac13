import type { IStompSocket } from "@stomp/stompjs";
import type { Clock } from "stompkit/core";
import { createTabWriter, type TabBus, type TabSubscriptionOffer } from "./tabBus";

/** CONNECT headers a follower passes to the leader: none that could carry a credential. */
const PASSED = new Set(["accept-version", "heart-beat", "host"]);

/**
 * Keeps only the protocol headers of a follower's CONNECT: its `connectHeaders` (a token, a login)
 * never cross the channel; the leader connects with its own.
 */
export function stripConnect(frame: string): string {
  const end = frame.indexOf("\n\n");
  const lines = frame.slice(0, end < 0 ? frame.length : end).split("\n");
  const kept = lines.filter((line, i) => i === 0 || PASSED.has(line.slice(0, line.indexOf(":"))));
  return `${kept.join("\n")}\n\n\0`;
}

let links = 0;

/**
 * A follower tab's "WebSocket": STOMP frames to and from the leader tab over the channel. It opens
 * when the leader answers (within `openTimeout`, else it fails like a refused socket, and the session
 * retries with backoff) and closes when the leader closes the link, goes silent, or another tab leads.
 * Without a known leader (`leaderId` undefined: this tab just started) it asks the first tab that
 * beats as leader. `identity` is a digest of this tab's CONNECT headers: a leader signed in as
 * someone else refuses the link, and this tab then connects on its own. `offers` are the subscriptions
 * this tab's session will re-issue once connected: the leader starts relaying them when the link opens.
 */
export function createTabLinkSocket(
  bus: TabBus,
  known: string | undefined,
  clock: Clock,
  openTimeout: number,
  identity: string,
  onRefused: () => void,
  offers: () => TabSubscriptionOffer[],
) {
  const link = `${bus.tabId}:${++links}`;
  let leaderId = known ?? "";
  let timer: unknown;
  const channel = bus.link(link); // this link's own: the leader's answer, the bytes, the end
  const writer = createTabWriter(channel, () => leaderId, link);
  const socket = {
    url: "tab://leader",
    readyState: 0,
    binaryType: "arraybuffer" as BinaryType,
    onopen: null as IStompSocket["onopen"],
    onclose: null as IStompSocket["onclose"],
    onerror: null as IStompSocket["onerror"],
    onmessage: null as IStompSocket["onmessage"],
    get leaderId() {
      return leaderId;
    },
    send(data: unknown) {
      if (socket.readyState !== 1) return;
      let text = typeof data === "string" ? data : new TextDecoder().decode(data as ArrayBuffer);
      if (text.startsWith("CONNECT\n") || text.startsWith("STOMP\n")) text = stripConnect(text);
      writer.write(text);
    },
    close() {
      if (socket.readyState >= 2) return;
      writer.flush();
      channel.post({ k: "close", from: bus.tabId, to: leaderId, link });
      finish(1000, "closed by client");
    },
    /** The link is dead (its leader is gone or silent): fails like a dropped network. */
    drop(reason: string) {
      if (socket.readyState < 2) finish(1006, reason);
    },
  };
  const finish = (code: number, reason: string) => {
    clock.clearTimeout(timer);
    offBeats();
    offLink();
    channel.close();
    socket.readyState = 3;
    queueMicrotask(() => {
      if (code !== 1000) socket.onerror?.({ type: "error" });
      socket.onclose?.({ code, reason, wasClean: code === 1000 });
    });
  };
  const open = () => bus.post({ k: "open", from: bus.tabId, to: leaderId, link, identity, subs: offers() });
  const offBeats = bus.on((message) => {
    if (!leaderId && message.k === "beat" && message.leader) {
      leaderId = message.from;
      open();
    }
  });
  const offLink = channel.on((message) => {
    if (message.from !== leaderId || !("link" in message) || message.link !== link) return;
    if (message.k === "opened" && socket.readyState === 0) {
      clock.clearTimeout(timer);
      socket.readyState = 1;
      socket.onopen?.({ type: "open" });
    } else if (message.k === "data" && socket.readyState === 1) socket.onmessage?.({ data: message.data });
    else if (message.k === "close") finish(1006, "the leader tab closed the link");
    else if (message.k === "refused") {
      onRefused();
      finish(1006, "the leader tab is signed in as someone else");
    }
  });
  timer = clock.setTimeout(() => finish(1006, "no leader tab answered"), openTimeout);
  if (leaderId) open();
  return socket as typeof socket & IStompSocket;
}

export type TabLinkSocket = ReturnType<typeof createTabLinkSocket>;
