import type { IStompSocket } from "@stomp/stompjs";
import type { FrameError } from "stompkit/core";
import {
  type ClientLink,
  FakeConnection,
  type FakeSubscription,
  type Headers,
  type RecordedFrame,
} from "./fakeConnection";
import { FakeSocket } from "./fakeSocket";

/**
 * What one client may cost the broker (the dev server sets them all; the in-memory broker none by
 * default). Each violation gets an ERROR naming the limit, then the socket closes.
 */
export interface BrokerLimits {
  /** Bytes of one client frame (command, headers and body), checked as the bytes arrive. */
  maxFrameSize?: number;
  /** Headers in one client frame. */
  maxHeaders?: number;
  /** Characters of one header's name plus value. */
  maxHeaderLength?: number;
  /** Subscriptions open at once on one connection. */
  maxSubscriptions?: number;
  /** MESSAGEs awaiting ACK on one connection (`client` / `client-individual` subscriptions). */
  maxUnacked?: number;
  /** Messages held for `/queue/` destinations without a subscriber, all destinations together (the oldest go first). */
  maxQueued?: number;
}

export interface FakeBrokerOptions {
  /** CONNECTED `heart-beat` the broker offers (`sx,sy` in ms). @default "0,0" */
  heartbeat?: string;
  /** CONNECTED `server`. @default "stompkit-fake-broker/1" */
  server?: string;
  /** Accepts or refuses CONNECT: return an error message to refuse with ERROR. */
  authenticate?: (headers: Headers) => string | undefined;
  /** Close the socket after sending ERROR, as STOMP 1.2 says. `false` mimics RabbitMQ/Spring. @default true */
  closeOnError?: boolean;
  /** Put `receipt-id` in an ERROR caused by a frame with a receipt. `false` mimics RabbitMQ 3.10. @default true */
  errorReceiptIds?: boolean;
  /** CONNECTED `user-name` for a CONNECT's headers (e.g. a `StompX-User` header). @default the `login` header */
  userName?: (headers: Headers) => string | undefined;
  /** What one client may cost the broker; unlimited by default. */
  limits?: BrokerLimits;
  /**
   * Keep every frame in `frames` and every closed connection in `connections` (what tests read).
   * `false` for a long-running server: memory then stays bounded by the open connections. @default true
   */
  record?: boolean;
}

/**
 * A client SEND or SUBSCRIBE offered to an interceptor (see `broker.intercept`) before the broker
 * handles it. `receipt()` sends the RECEIPT the frame asked for, if any (receipt faults apply).
 */
export interface InterceptedFrame {
  command: "SEND" | "SUBSCRIBE";
  headers: Headers;
  body: string;
  connection: FakeConnection;
  receipt(): void;
}

/** Returns `true` when it handled the frame itself (no routing, no subscription, no automatic RECEIPT). */
export type FrameInterceptor = (frame: InterceptedFrame) => boolean | undefined;

export type { ClientLink, FakeConnection, FakeSubscription, RecordedFrame };

/** What `broker.accept` returns: feed it the client's bytes, and tell it once the transport closed. */
export interface AcceptedLink {
  connection: FakeConnection;
  fromClient(data: string | ArrayBuffer): void;
  closed(): void;
}

/**
 * An in-memory STOMP 1.2 broker, reached through `webSocketFactory`: no network, works in Node, jsdom
 * and the browser. It records every frame both ways and can inject faults. Destinations under
 * `/queue/` deliver each message to one subscriber (held until one exists); others fan out.
 *
 * @example
 * const broker = createFakeBroker()
 * const session = createStompSession({ webSocketFactory: broker.webSocketFactory })
 */
export function createFakeBroker(options: FakeBrokerOptions = {}) {
  const frames: RecordedFrame[] = [];
  const connections: FakeConnection[] = [];
  const queues = new Map<string, Array<{ body: string; headers: Headers }>>();
  const forbidden = new Set<string>();
  const faults = {
    refuse: false,
    swallowConnected: 0,
    connectedDelay: 0,
    receiptDelay: 0,
    swallowReceipts: false,
    heartbeats: true,
  };
  let heartbeat = options.heartbeat ?? "0,0";
  let messageCounter = 0;
  let ackCounter = 0;
  let rr = 0;
  let ids = 0;
  let queuedCount = 0;
  const limits = options.limits ?? {};
  const recording = options.record ?? true;
  const closeOnError = options.closeOnError ?? true;
  const interceptors: FrameInterceptor[] = [];

  const open = () => connections.filter((c) => c.open);
  const liveSubscriptions = (destination?: string) =>
    open().flatMap((c) =>
      [...c.subscriptions.values()].filter((s) => destination === undefined || s.destination === destination),
    );

  function error(
    conn: FakeConnection,
    message: string,
    cause: Headers,
    close = closeOnError,
    extra: Headers = {},
  ) {
    const headers: Headers = { message, "content-type": "text/plain", ...extra };
    if (cause.receipt && options.errorReceiptIds !== false) headers["receipt-id"] = cause.receipt;
    conn.send("ERROR", headers, message);
    if (close) conn.drop(1002);
  }

  function deliver(conn: FakeConnection, sub: FakeSubscription, body: string, headers: Headers) {
    const h: Headers = {
      ...headers,
      subscription: sub.id,
      "message-id": headers["message-id"] ?? `m-${++messageCounter}`,
      destination: sub.destination,
    };
    if (sub.ack !== "auto") {
      const ackId = `a-${++ackCounter}`;
      h.ack = ackId;
      conn.unacked.set(ackId, { ackId, subscription: sub.id, destination: sub.destination, body, headers });
      if (limits.maxUnacked !== undefined && conn.unacked.size > limits.maxUnacked) {
        error(conn, `Too many unacknowledged messages: at most ${limits.maxUnacked}`, {}, true);
        return;
      }
    }
    conn.send("MESSAGE", h, body);
  }

  function route(destination: string, body: string, headers: Headers): number {
    const subs = open().flatMap((c) =>
      [...c.subscriptions.values()].filter((s) => s.destination === destination).map((s) => [c, s] as const),
    );
    if (destination.startsWith("/queue/")) {
      if (subs.length === 0) {
        const q = queues.get(destination) ?? [];
        q.push({ body, headers });
        queues.set(destination, q);
        queuedCount++;
        if (limits.maxQueued !== undefined && queuedCount > limits.maxQueued) dropOldestQueued();
        return 0;
      }
      const [c, s] = subs[rr++ % subs.length]!;
      deliver(c, s, body, headers);
      return 1;
    }
    for (const [c, s] of subs) deliver(c, s, body, headers);
    return subs.length;
  }

  function dropOldestQueued() {
    const [destination, q] = queues.entries().next().value ?? [];
    if (!q || destination === undefined) return;
    q.shift();
    queuedCount--;
    if (q.length === 0) queues.delete(destination);
  }

  /** The limit a client frame breaks, if any. */
  function overLimit(conn: FakeConnection, command: string, headers: Headers): string | undefined {
    const names = Object.keys(headers);
    if (limits.maxHeaders !== undefined && names.length > limits.maxHeaders)
      return `Too many headers: at most ${limits.maxHeaders}`;
    const max = limits.maxHeaderLength;
    if (max !== undefined && names.some((n) => n.length + (headers[n]?.length ?? 0) > max))
      return `A header is too long: at most ${max} characters`;
    if (
      command === "SUBSCRIBE" &&
      limits.maxSubscriptions !== undefined &&
      conn.subscriptions.size >= limits.maxSubscriptions
    )
      return `Too many subscriptions: at most ${limits.maxSubscriptions} per connection`;
    return undefined;
  }

  function receipt(conn: FakeConnection, headers: Headers) {
    const id = headers.receipt;
    if (id === undefined || faults.swallowReceipts) return;
    const send = () => conn.send("RECEIPT", { "receipt-id": id });
    if (faults.receiptDelay > 0) setTimeout(send, faults.receiptDelay);
    else send();
  }

  function settle(conn: FakeConnection, ackId: string, nack: boolean) {
    const entry = conn.unacked.get(ackId);
    if (!entry) return false;
    const sub = conn.subscriptions.get(entry.subscription);
    // STOMP 1.2, ack:client: an ACK settles that message and every earlier unacked message OF THE SAME
    // SUBSCRIPTION (the map keeps delivery order); other subscriptions' messages stay unacked.
    const ofSubscription = [...conn.unacked.values()]
      .filter((u) => u.subscription === entry.subscription)
      .map((u) => u.ackId);
    const settled =
      sub?.ack === "client" && !nack ? ofSubscription.slice(0, ofSubscription.indexOf(ackId) + 1) : [ackId];
    for (const id of settled) conn.unacked.delete(id);
    if (nack) route(entry.destination, entry.body, { ...entry.headers, redelivered: "true" });
    return true;
  }

  const handlers: Record<string, (conn: FakeConnection, h: Headers, body: string) => boolean | undefined> = {
    CONNECT: (conn, h) => connect(conn, h),
    STOMP: (conn, h) => connect(conn, h),
    SEND(conn, h, body) {
      if (!h.destination) return void error(conn, "SEND needs a destination header", h);
      if (forbidden.has(h.destination)) return void error(conn, `Access refused to ${h.destination}`, h);
      const { receipt: _r, transaction, ...rest } = h;
      const run = () => void route(h.destination!, body, rest);
      if (transaction !== undefined) {
        const tx = conn.transactions.get(transaction);
        if (!tx) return void error(conn, `Unknown transaction ${transaction}`, h);
        tx.push(run);
      } else run();
      return true;
    },
    SUBSCRIBE(conn, h) {
      if (!h.destination || h.id === undefined)
        return void error(conn, "SUBSCRIBE needs destination and id", h);
      if (forbidden.has(h.destination)) return void error(conn, `Access refused to ${h.destination}`, h);
      if (conn.subscriptions.has(h.id)) return void error(conn, `Duplicate subscription id ${h.id}`, h);
      const ack = (h.ack ?? "auto") as FakeSubscription["ack"];
      const sub = { id: h.id, destination: h.destination, ack, headers: h };
      conn.subscriptions.set(h.id, sub);
      const backlog = queues.get(h.destination);
      if (backlog?.length) {
        queues.delete(h.destination);
        queuedCount -= backlog.length;
        queueMicrotask(() => {
          for (const m of backlog) route(sub.destination, m.body, m.headers);
        });
      }
      return true;
    },
    UNSUBSCRIBE(conn, h) {
      if (h.id === undefined || !conn.subscriptions.delete(h.id))
        return void error(conn, `No subscription ${h.id ?? ""}`, h);
      return true;
    },
    ACK: (conn, h) => ackOrNack(conn, h, false),
    NACK: (conn, h) => ackOrNack(conn, h, true),
    BEGIN(conn, h) {
      if (!h.transaction || conn.transactions.has(h.transaction)) return void error(conn, "Bad BEGIN", h);
      conn.transactions.set(h.transaction, []);
      return true;
    },
    COMMIT(conn, h) {
      const tx = h.transaction === undefined ? undefined : conn.transactions.get(h.transaction);
      if (!tx) return void error(conn, `Unknown transaction ${h.transaction ?? ""}`, h);
      conn.transactions.delete(h.transaction!);
      for (const run of tx) run();
      return true;
    },
    ABORT(conn, h) {
      if (h.transaction === undefined || !conn.transactions.delete(h.transaction))
        return void error(conn, "Unknown transaction", h);
      return true;
    },
    DISCONNECT(conn, h) {
      receipt(conn, h);
      queueMicrotask(() => conn.drop(1000));
      return false;
    },
  };

  function ackOrNack(conn: FakeConnection, h: Headers, nack: boolean) {
    const id = h.id ?? h["message-id"];
    const run = () => settle(conn, id ?? "", nack);
    if (h.transaction !== undefined) {
      const tx = conn.transactions.get(h.transaction);
      if (!tx) return void error(conn, `Unknown transaction ${h.transaction}`, h);
      tx.push(() => void run());
      return true;
    }
    if (!run()) return void error(conn, `Unknown ack id ${id ?? ""}`, h);
    return true;
  }

  function connect(conn: FakeConnection, h: Headers): false {
    if (conn.connected) {
      error(conn, "Already connected", h);
      return false;
    }
    const versions = (h["accept-version"] ?? "1.0").split(",");
    const version = ["1.2", "1.1", "1.0"].find((v) => versions.includes(v));
    const refusal = version ? options.authenticate?.(h) : "Supported protocol versions are 1.0,1.1,1.2";
    if (refusal) {
      error(conn, refusal, {});
      return false;
    }
    conn.connectHeaders = { ...h };
    if (faults.swallowConnected > 0) {
      faults.swallowConnected--;
      return false;
    }
    const [cx = 0, cy = 0] = (h["heart-beat"] ?? "0,0").split(",").map(Number);
    const [sx = 0, sy = 0] = heartbeat.split(",").map(Number);
    const userName = options.userName ? options.userName(h) : h.login;
    const reply = () => {
      if (!conn.open) return;
      conn.connected = true;
      conn.send("CONNECTED", {
        version: version!,
        server: options.server ?? "stompkit-fake-broker/1",
        session: `session-${conn.id}`,
        "heart-beat": heartbeat,
        ...(userName ? { "user-name": userName } : {}),
      });
      if (faults.heartbeats)
        conn.startHeartbeats(sx && cy ? Math.max(sx, cy) : 0, cx && sy ? Math.max(cx, sy) : 0);
    };
    if (faults.connectedDelay > 0) setTimeout(reply, faults.connectedDelay);
    else reply();
    return false;
  }

  const core = {
    maxFrameSize: limits.maxFrameSize,
    record: recording ? (f: RecordedFrame) => void frames.push(f) : () => {},
    refused(conn: FakeConnection, e: FrameError) {
      const reason =
        e.reason === "too-large" ? `Frame too large: at most ${limits.maxFrameSize} bytes` : e.message;
      error(conn, reason, {}, true);
    },
    handle(conn: FakeConnection, command: string, headers: Headers, body: string) {
      const handler = handlers[command];
      if (!handler) return error(conn, `Unknown command ${command.slice(0, 64)}`, headers);
      const breach = overLimit(conn, command, headers);
      if (breach) return error(conn, breach, headers, true);
      if (!conn.connected && command !== "CONNECT" && command !== "STOMP")
        return error(conn, "Not connected", headers);
      if ((command === "SEND" || command === "SUBSCRIBE") && interceptors.length > 0) {
        const frame: InterceptedFrame = {
          command,
          headers,
          body,
          connection: conn,
          receipt: () => receipt(conn, headers),
        };
        for (const intercept of [...interceptors]) if (intercept(frame) === true) return;
      }
      if (handler(conn, headers, body)) receipt(conn, headers);
    },
    closed(conn: FakeConnection) {
      if (!conn.open) return;
      conn.dispose();
      if (!recording) connections.splice(connections.indexOf(conn), 1);
      conn.transactions.clear(); // STOMP 1.2: open transactions abort when the connection fails
      const pending = [...conn.unacked.values()];
      conn.unacked.clear();
      conn.subscriptions.clear();
      for (const m of pending)
        if (m.destination.startsWith("/queue/"))
          route(m.destination, m.body, { ...m.headers, redelivered: "true" });
    },
  };

  /** A new client on any transport: the broker talks to it through `link`. */
  function accept(link: ClientLink): AcceptedLink {
    const connection = new FakeConnection(++ids, link, core);
    connections.push(connection);
    return {
      connection,
      fromClient(data) {
        try {
          connection.fromClient(data);
        } catch {
          // a frame stompjs's parser or the broker could not take: the client broke the protocol
          if (connection.open) error(connection, "Malformed frame", {}, true);
        }
      },
      closed: () => core.closed(connection),
    };
  }

  const webSocketFactory = (): IStompSocket => {
    let accepted: AcceptedLink | undefined;
    const socket = new FakeSocket(
      "ws://fake-broker/ws",
      (data) => accepted?.fromClient(data),
      () => accepted?.closed(),
    );
    accepted = accept(socket);
    if (faults.refuse) socket.drop(1006, "connection refused");
    else socket.open();
    return socket;
  };

  return {
    /** Pass to `createStompSession`/`StompProvider` as `webSocketFactory`. */
    webSocketFactory,
    /**
     * Serves one client over another transport (the dev server's WebSocket): the broker sends through
     * `link`; feed the client's messages to `fromClient` and call `closed()` once the transport closed.
     */
    accept,
    /** Every frame, both directions, in order. */
    frames,
    /** Every connection ever made (sockets created), open or not. */
    connections,
    /** Client → broker frames of one command (e.g. `count('SUBSCRIBE')`). */
    count: (command: string) => frames.filter((f) => f.direction === "in" && f.command === command).length,
    /** Frames of one command; `direction` defaults to client → broker. */
    framesOf: (command: string, direction: "in" | "out" = "in") =>
      frames.filter((f) => f.direction === direction && f.command === command),
    /** Sockets created so far. */
    get connectionCount() {
      return ids;
    },
    /** Connections whose socket is open now. */
    openConnections: open,
    /** Live subscriptions, on one destination or all. */
    subscriptionCount: (destination?: string) => liveSubscriptions(destination).length,
    /** Sends a MESSAGE to the destination's subscribers; returns how many got it. */
    publish: (destination: string, body: string, headers: Headers = {}) => route(destination, body, headers),
    /** What is still open: sockets and subscriptions. Both 0 once every client is gone. */
    leaks: () => ({ sockets: open().length, subscriptions: liveSubscriptions().length }),
    /** New sockets fail at once (close 1006) while on. */
    refuseConnections(on = true) {
      faults.refuse = on;
    },
    /** Drops every open socket (close code 1006 by default). */
    dropAll(code = 1006) {
      for (const c of open()) c.drop(code);
    },
    /** Stops (or resumes) server heart-beats on current and future connections. */
    setHeartbeats(on: boolean) {
      faults.heartbeats = on;
      for (const c of open()) {
        if (!on) c.stopHeartbeats();
      }
    },
    /** The CONNECTED heart-beat offered to future connections. */
    setHeartbeat(value: string) {
      heartbeat = value;
    },
    /**
     * Half-open link on the open sockets, which stay open: `both` (default) passes nothing,
     * `in` drops client → broker data, `out` drops broker → client data (heart-beats included).
     */
    stall(direction: "both" | "in" | "out" | "none" = "both") {
      for (const c of open()) {
        c.stalledIn = direction === "both" || direction === "in";
        c.stalledOut = direction === "both" || direction === "out";
      }
    },
    /** The next `times` CONNECT frames get no answer. */
    swallowConnected(times = 1) {
      faults.swallowConnected = times;
    },
    delayConnected(ms: number) {
      faults.connectedDelay = ms;
    },
    delayReceipts(ms: number) {
      faults.receiptDelay = ms;
    },
    swallowReceipts(on = true) {
      faults.swallowReceipts = on;
    },
    /** SUBSCRIBE or SEND to this destination gets ERROR (as a broker's access control would). */
    forbid(destination: string) {
      forbidden.add(destination);
    },
    /** Sends ERROR (with extra `headers`, e.g. `receipt-id`) on every open connection, closing them unless `close` is false. */
    sendError(message: string, opts: { close?: boolean; headers?: Headers } = {}) {
      for (const c of open()) error(c, message, {}, opts.close ?? true, opts.headers);
    },
    /**
     * Pushes one raw WebSocket message to every open connection (partial or malformed frames): a
     * string is a text message, bytes a binary one. Call it several times to split a frame.
     */
    injectRaw(data: string | Uint8Array | ArrayBuffer) {
      const message =
        typeof data === "string" || data instanceof ArrayBuffer
          ? data
          : (data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
      for (const c of open()) c.sendRaw(message);
    },
    /** Messages held for `/queue/` destinations without a subscriber. */
    queued: (destination: string) => queues.get(destination)?.length ?? 0,
    /**
     * Extension point for servers built on this broker (`createStompXServer`): `interceptor` sees
     * every client SEND and SUBSCRIBE first and returns `true` to take it over (application
     * destinations, request/reply). Returns the removal.
     */
    intercept(interceptor: FrameInterceptor): () => void {
      interceptors.push(interceptor);
      return () => {
        const i = interceptors.indexOf(interceptor);
        if (i >= 0) interceptors.splice(i, 1);
      };
    },
    /** Sends one MESSAGE to one subscription of one connection (a relay's reply, a user queue); false if it is gone. */
    deliverTo(
      connection: FakeConnection,
      subscriptionId: string,
      body: string,
      headers: Headers = {},
    ): boolean {
      const sub = connection.open ? connection.subscriptions.get(subscriptionId) : undefined;
      if (!sub) return false;
      deliver(connection, sub, body, headers);
      return true;
    },
  };
}

export type FakeBroker = ReturnType<typeof createFakeBroker>;
