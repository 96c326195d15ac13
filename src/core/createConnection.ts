import { Client, type IStompSocket } from "@stomp/stompjs";
import { acceptsBatches, createAckBatch } from "./ackBatch";
import { HEALTHY_AFTER_MS } from "./backoff";
import { createBrokerNodes, toStompkitError } from "./brokerNodes";
import { createTimer, systemClock } from "./clock";
import { resolveConnectHeaders } from "./connectHeaders";
import {
  type ConnectionLifecycle,
  type ConnectionRun,
  hasSocket,
  isRunning,
  type LifecycleEvent,
  transition,
} from "./connectionLifecycle";
import { createConnectionStore, toConnectedInfo } from "./connectionStore";
import type { SessionEvents } from "./connectionTypes";
import { createMountCount } from "./createMountCount";
import { DEV } from "./dev";
import { createEmitter } from "./emitter";
import {
  AuthError,
  ConnectionFailedError,
  ConnectionLostError,
  ConnectTimeoutError,
  HeartbeatTimeoutError,
  ServerError,
  StompConfigError,
  type StompkitError,
} from "./errors";
import { emitTaps, type FrameTap } from "./frameTaps";
import { type ConnectionInternals, INTERNALS, type InternalConnection } from "./internals";
import { openSocket } from "./openSocket";
import { createReceiptLedger, outboundReceipt } from "./receiptLedger";
import { createSessionRedaction, redactUrls } from "./redact";
import { resolveSessionOptions, type StompSessionOptions } from "./sessionOptions";
import { defaultEnvironment, listenForWakeups } from "./wakeups";

/**
 * The connection half of a session: one `@stomp/stompjs` Client with reconnect (exponential backoff,
 * full jitter, cap, max attempts), a connect timeout, heart-beat failure detection, fresh CONNECT
 * headers on every attempt and masked debug logs. Creating it does nothing; `mount()` starts it.
 */
export function createConnection(options: StompSessionOptions): InternalConnection {
  let raw = options;
  let opts = resolveSessionOptions(raw);
  const clock = options.clock ?? systemClock;
  const env = () => raw.environment ?? defaultEnvironment();
  const connection = createConnectionStore();
  const set = connection.setState;
  const redaction = createSessionRedaction(() => opts); // debug lines and errors never show credentials
  const { log, scrub } = redaction;
  const events = createEmitter<SessionEvents>((error) => log(`a listener threw: ${String(error)}`));
  const reportError = (error: StompkitError) => {
    set({ lastError: scrub(error) });
    emitError(error);
  };
  const emitError = (error: StompkitError) => {
    events.emit("error", scrub(error));
    try {
      opts.onError?.(error);
    } catch (thrown) {
      log(`onError threw: ${String(thrown)}`);
    }
  };

  const client = new Client({
    reconnectDelay: 0, // the session schedules retries itself (jitter, cap, max attempts)
    connectionTimeout: 0, // likewise the connect timeout
    heartbeatToleranceMultiplier: 2, // checked every interval: dead link seen 2–3 intervals after the last data
    discardWebsocketOnCommFailure: true, // a frozen peer must not keep the socket "closing" for minutes
  });

  // Where the connection is: one value, changed only through `go` (transitions in connectionLifecycle.ts).
  let life: ConnectionLifecycle = { phase: "stopped" };
  const go = (event: LifecycleEvent) => {
    life = transition(life, event);
    return life;
  };
  const running = () => isRunning(life);
  const failures = () => ("run" in life ? life.run.failures : 0);
  let generation = 0; // bumped by stop(): an attempt begun before it is stale
  let rawForSpeed = false; // logRawCommunication was turned on by us (debug off), not by the app
  const receipts = createReceiptLedger(); // for ERROR attribution
  let stopWakeups: (() => void) | undefined;
  const nodes = createBrokerNodes(() => opts.brokerURL, clock.now); // brokerURL list: per-node backoff
  let planned: string | undefined; // the node scheduleRetry picked for the next attempt
  let acks: ReturnType<typeof createAckBatch> | undefined; // the current socket's outbound frames
  let resolving = false; // an attempt's connectHeaders / URL are being resolved (beforeConnect)
  const connectTimer = createTimer(clock);
  const retryTimer = createTimer(clock);
  const disconnectTimer = createTimer(clock);
  const healthyTimer = createTimer(clock);
  const mounts = createMountCount({ start: () => start(), stop: () => stop() });
  const taps = new Set<FrameTap>(); // the observation API's, while observed (observeSession.ts)
  const plumbing: ConnectionInternals = {
    trackReceipt: (id) => receipts.add(id),
    pendingReceipts: () => receipts.size,
    log: (line) => log(line),
    reportError: (error) => reportError(error),
    emitError: (error) => emitError(error),
    options: () => raw,
    taps,
    masking: () => redaction.masking(),
    attached: new Map(),
    socketHook: undefined,
  };

  client.debug = log;
  client.beforeConnect = async () => {
    resolving = true;
    const gen = ++generation;
    const attempt = connection.getState().attempt + 1;
    const { run } = go({ type: "attempt" }) as { run?: ConnectionRun };
    // `connecting` only for the first attempt since start; every later one (after a timeout too) reconnects.
    set({
      status: run?.everConnected || attempt > 1 ? "reconnecting" : "connecting",
      attempt,
      nextRetryAt: undefined,
    });
    // connectTimeout bounds the whole attempt: a token fetch that never settles times out, then retries.
    const deadline = clock.now() + opts.connectTimeout;
    let url: string | undefined;
    const resolved = await Promise.resolve()
      .then(() => {
        url = nodes.begin(attempt, planned); // the node of this attempt
        redaction.setURL(url);
        return resolveConnectHeaders(opts.connectHeaders, { attempt, url }, opts.connectTimeout, clock);
      })
      .catch((cause: unknown) => ({ error: toStompkitError(cause) })); // a brokerURL function that threw
    planned = undefined;
    if (gen === generation) resolving = false;
    if (gen !== generation || !running()) return; // released (or restarted) while headers were awaited
    if ("error" in resolved) {
      void client.deactivate(); // no socket yet: stompjs skips this attempt
      go({ type: "attempt-failed" });
      reportError(resolved.error);
      scheduleRetry();
      return;
    }
    redaction.setHeaders(resolved.headers);
    client.configure({
      webSocketFactory: () => {
        const protocols = client.stompVersions.protocolVersions();
        const factory = opts.webSocketFactory;
        const hook = plumbing.socketHook;
        // Tab sharing (tabShare.ts) decides per attempt: this tab's own socket, or a link to the leader tab.
        const target = {
          ...opts,
          brokerURL: url,
          webSocketFactory: hook
            ? (u: string | undefined) =>
                hook(
                  () =>
                    factory ? factory(u) : (new WebSocket(u ?? "", protocols) as unknown as IStompSocket),
                  resolved.headers,
                  url,
                )
            : factory,
        };
        const socket = openSocket(
          target,
          protocols,
          log,
          (error, s) => {
            if (client.webSocket === s) go({ type: "fault", error, keep: true }); // an ERROR just before explains more
            if (client.webSocket === s) client.forceDisconnect(); // the close reports it, then retries
          },
          taps,
        );
        const batch = createAckBatch(socket.send.bind(socket), () => socket.readyState === 1, clock);
        acks = batch;
        socket.send = (data) => {
          receipts.sent(outboundReceipt(data)); // numbers every frame, for ERROR attribution
          if (taps.size) emitTaps(taps, "out", data, socket); // observe-hook
          batch.send(data);
        };
        return socket;
      },
      connectHeaders: resolved.headers,
      heartbeatOutgoing: opts.heartbeat.outgoing,
      heartbeatIncoming: opts.heartbeat.incoming,
    });
    // Without debug, stompjs builds its log lines from the text it already has instead of serializing
    // every frame again (each MESSAGE, each ACK) for a line nobody reads. With debug: the frame lines
    // (or raw ones, if the app set `client.logRawCommunication` itself).
    if (!opts.debug) [client.logRawCommunication, rawForSpeed] = [true, true];
    else if (rawForSpeed) [client.logRawCommunication, rawForSpeed] = [false, false];
    go({ type: "socket" });
    const timeout = opts.connectTimeout;
    if (timeout > 0)
      connectTimer.start(Math.max(1, deadline - clock.now()), () => {
        go({ type: "fault", error: new ConnectTimeoutError(timeout) });
        client.forceDisconnect();
      });
  };

  client.onConnect = (frame) => {
    connectTimer.stop();
    go({ type: "connected" });
    healthyTimer.start(HEALTHY_AFTER_MS, () => {
      go({ type: "healthy" });
      nodes.reset();
    });
    nodes.connected();
    receipts.connected(); // CONNECTED acknowledges CONNECT
    const info = toConnectedInfo(frame.headers, opts.heartbeat, nodes.current);
    if (acks) acks.on = acceptsBatches(info.server, opts.batchAcks);
    set((s) => ({
      status: "open",
      attempt: 0,
      lastError: undefined,
      connected: info,
      connectCount: s.connectCount + 1,
      nextRetryAt: undefined,
    }));
    log(`connected to ${info.server ?? "broker"} (STOMP ${info.version ?? "?"})`);
    events.emit("connect", info);
  };

  client.onStompError = (frame) => {
    const info = { headers: { ...frame.headers }, body: frame.body };
    const error = scrub(life.phase === "open" ? new ServerError(info) : new AuthError(info)); // masked before any listener sees it
    go({ type: "fault", error });
    events.emit("stompError", frame, error, ...receipts.blame(frame.headers["receipt-id"]));
    // STOMP 1.2: the server closes after ERROR. Spring and RabbitMQ sometimes do not; close it ourselves
    // (after the frame that carried it is parsed).
    const socket = client.webSocket;
    queueMicrotask(() => {
      if (socket && client.webSocket === socket) client.forceDisconnect();
    });
  };

  client.onHeartbeatLost = () => {
    go({ type: "fault", error: new HeartbeatTimeoutError(Math.max(opts.heartbeat.incoming, 1)) });
  };
  client.onUnhandledMessage = (message) => events.emit("unhandledMessage", message);
  client.onUnhandledReceipt = (frame) => {
    receipts.delete(frame.headers["receipt-id"] ?? "");
    events.emit("unhandledReceipt", frame);
  };
  client.onWebSocketError = () => log("WebSocket error");

  client.onWebSocketClose = (event: { code?: number; reason?: string } | undefined) => {
    connectTimer.stop();
    disconnectTimer.stop();
    healthyTimer.stop();
    receipts.clear();
    const before = life;
    go({ type: "close" });
    if (before.phase === "stopping" || before.phase === "restarting") {
      if (before.phase === "stopping") set({ status: "closed", nextRetryAt: undefined });
      events.emit("disconnect", undefined);
      return; // when re-mounted meanwhile (restarting), stompjs starts the next attempt itself
    }
    if (before.phase === "cycling") {
      events.emit("disconnect", undefined);
      retryNow();
      return;
    }
    if (before.phase !== "handshaking" && before.phase !== "open") return;
    const error =
      before.error ??
      (before.phase === "open"
        ? new ConnectionLostError(event?.code, event?.reason)
        : new ConnectionFailedError(event?.code, event?.reason));
    reportError(error);
    events.emit("disconnect", error);
    scheduleRetry();
  };

  function scheduleRetry() {
    if (!running()) return;
    go({ type: "wait" });
    const { attempt } = connection.getState();
    const policy = opts.reconnect;
    if (policy === false || failures() >= policy.maxAttempts) {
      void client.deactivate();
      set({ status: "failed", nextRetryAt: undefined });
      log(policy === false ? "reconnect is off: failed" : `gave up after ${failures()} attempts`);
      return;
    }
    if (env()?.navigator?.onLine === false) {
      set({ status: "offline", nextRetryAt: undefined });
      return;
    }
    // This node backs off; the next one (maybe another node, at once) and the wait before it.
    const { url, delay, error } = nodes.schedule(attempt + 1, failures(), policy, clock.random);
    planned = url;
    if (error) reportError(error); // a brokerURL function that failed: the next attempt asks it again
    set({ status: "reconnecting", nextRetryAt: clock.now() + delay });
    log(`reconnecting in ${delay} ms (attempt ${attempt + 1}${url ? ` to ${redactUrls(url)}` : ""})`);
    retryTimer.start(delay, retryNow);
  }

  function retryNow() {
    retryTimer.stop();
    if (!running()) return;
    // An attempt is under way (connectHeaders or the URL being resolved): its socket is made after
    // this, with what holds then. Restarting stompjs here would race it: the stale attempt would go on
    // and open a socket of its own (or throw inside stompjs on a first attempt).
    if (resolving) return;
    if (hasSocket(life)) {
      if (go({ type: "cycle" }).phase === "cycling") client.forceDisconnect(); // restarting: already closing
      return;
    }
    void client.deactivate(); // ACTIVE without a socket → INACTIVE at once
    client.activate();
  }

  function start() {
    go({ type: "start" });
    nodes.reset();
    planned = undefined;
    set({ status: "connecting", attempt: 0, nextRetryAt: undefined });
    const environment = env();
    if (environment && opts.reconnectOnWake) {
      stopWakeups = listenForWakeups(environment, {
        wake: (why) => {
          const { status } = connection.getState();
          const idle = life.phase === "waiting" || life.phase === "attempting"; // no socket
          if (!idle || (status !== "reconnecting" && status !== "offline")) return;
          log(`retrying now: ${why}`);
          planned = undefined; // now: the best node now, not the one picked for later
          retryNow();
        },
        offline: () => {
          if (life.phase !== "waiting" || !retryTimer.pending) return;
          retryTimer.stop();
          set({ status: "offline", nextRetryAt: undefined });
        },
      });
    }
    client.activate();
  }

  function stop() {
    const socketUp = hasSocket(go({ type: "stop" }));
    generation++;
    resolving = false;
    retryTimer.stop();
    connectTimer.stop();
    healthyTimer.stop();
    stopWakeups?.();
    stopWakeups = undefined;
    set({ status: "closed", nextRetryAt: undefined });
    void client.deactivate(); // with a socket: DISCONNECT with a receipt; it closes on RECEIPT…
    if (socketUp)
      disconnectTimer.start(opts.disconnectTimeout, () => void client.deactivate({ force: true })); // …or now
  }

  return {
    connection,
    client,
    clock,
    get connected() {
      return client.connected;
    },
    mount: mounts.mount, // deferred stop: StrictMode's unmount → re-mount in one task keeps the socket
    configure(partial) {
      // Only the clock is fixed (timers run on it); the rest applies live (see README "Changing options live").
      if ("clock" in partial && partial.clock !== raw.clock)
        throw new StompConfigError(DEV && "clock cannot change on a live session: create a new session");
      const next = { ...raw, ...partial };
      opts = resolveSessionOptions(next); // throws StompConfigError before anything changes
      raw = next;
    },
    reconnect() {
      if (!running()) return;
      go({ type: "healthy" });
      nodes.reset();
      planned = undefined;
      set({ attempt: 0 });
      retryNow();
    },
    on: events.on,
    [INTERNALS]: plumbing,
    diagnostics: () => ({
      listeners: stopWakeups ? 1 : 0,
      timers: [connectTimer, retryTimer, disconnectTimer, healthyTimer].filter((t) => t.pending).length,
      socket: hasSocket(life),
    }),
  };
}
