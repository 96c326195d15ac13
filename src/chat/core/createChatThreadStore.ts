import {
  createMountCount,
  debugLog,
  registerInspectable,
  type StompkitError,
  type StompSessionBase,
  type SubscriptionHandle,
} from "stompkit/core";
import { createStore } from "zustand/vanilla";
import { RelayFailedError } from "./chatErrors";
import { createChatEvents } from "./chatEvents";
import { createHistoryFetcher } from "./chatHistory";
import { createChatSends } from "./chatSends";
import { createChatTyping } from "./chatTyping";
import { createMessageList } from "./createMessageList";
import { parseEnvelope } from "./envelope";
import { createFrameCommits } from "./frameCommits";
import { resolveThreadDestinations } from "./links";
import { createRelay, type Relay } from "./relay";
import {
  initialLifecycle,
  isCurrent,
  isLoaded,
  observe,
  statusOf,
  type ThreadEvent,
  transition,
} from "./threadLifecycle";
import { resolveThreadOptions } from "./threadOptions";
import { toChatMessage } from "./toChatMessage";
import type { ChatThreadOptions, ChatThreadState, ChatThreadStore } from "./types";

/** A relay that failed because the connection went away: retried after the reconnect, not an error. */
const lostConnection = (error: unknown) =>
  error instanceof RelayFailedError && ["not-connected", "disconnected", "cancelled"].includes(error.reason);
/** Pages fetched at most by one gap-fill before it stops looking for the overlap. */
const GAP_PAGES = 20;

/**
 * One chat thread over a stompkit session, React-free: live messages from the profile's topic,
 * history pages, optimistic sends confirmed by their echo, typing, errors from the error queue, and
 * a gap-fill after every reconnect. Creating it does nothing; `mount()` starts it (counted).
 * `session` is any session: a `StompSession`, or the `StompSessionBase` a `<StompProvider>` holds
 * (sends go through the session's outbox and receipt tracker, attached on first use; transactions are
 * never used, so a chat app does not bundle them).
 *
 * @example
 * const thread = createChatThreadStore(session, { thread: '1' }) // the seed's stompx-2020 dialect
 * const release = thread.mount()
 * await thread.send('Hello world!')
 */
export function createChatThreadStore(
  session: StompSessionBase,
  options: ChatThreadOptions,
): ChatThreadStore {
  const { thread, profile, pageSize, windowSize, holdLimit, sendTimeout, relayTimeout, maxLength } =
    resolveThreadOptions(options);
  let destinations = resolveThreadDestinations(profile, thread, options.resource);
  // Whether `destinations` are the thread relay's answer yet: a cache that outlives a mount, not a phase.
  let linksLoaded = options.resource !== undefined || profile.threadRelay === undefined;

  const connectedUser = () => session.connection.getState().connected?.userName;
  let relayUser: string | undefined;
  const store = createStore<ChatThreadState>(() => ({
    messages: [],
    status: "idle",
    hasOlder: false,
    loadingOlder: false,
    typing: [],
    missed: 0,
    user: options.user ?? connectedUser(),
    error: undefined,
  }));
  const user = () => store.getState().user;
  const list = createMessageList();
  let limit = windowSize;
  let droppedOlder = false;
  let serverHasOlder = false;
  /** Readers holding the window (scrolled away from the newest): trim to `holdLimit` only. */
  let holds = 0;
  /** The last gap-fill after a reconnect (clock ms, messages it found): what the inspector shows. */
  let lastGapFill: { at: number; missed: number } | undefined;

  const sends = createChatSends({
    session,
    profile,
    list,
    commit: () => commit(),
    action: () => destinations.action,
    user,
    sendTimeout,
    maxLength,
  });
  const typing = createChatTyping({ session, user, onChange: (names) => store.setState({ typing: names }) });
  // Made on activate (it listens to the session): a store that is created but never mounted holds nothing.
  let relay: Relay | undefined;
  const request: Relay["request"] = (destination, o) =>
    relay ? relay.request(destination, o) : Promise.reject(new RelayFailedError(destination, "cancelled"));
  const history = createHistoryFetcher({
    request,
    destination: () => destinations.historyRelay,
    pageSize,
    timeout: relayTimeout,
    loadHistory: options.loadHistory,
  });

  /**
   * Publishes what changed; drops the oldest messages beyond the window (never a send in flight),
   * or beyond the hard cap while a reader holds the window.
   */
  function commit(patch: Partial<ChatThreadState> = {}) {
    frames.cancel();
    if (list.trim(holds > 0 ? Math.max(limit, holdLimit) : limit, sends.inFlight) > 0) droppedOlder = true;
    const messages = list.commit();
    const next: Partial<ChatThreadState> = { ...patch };
    if (messages) next.messages = messages;
    const hasOlder = serverHasOlder || droppedOlder;
    if (hasOlder !== store.getState().hasOlder) next.hasOlder = hasOlder;
    if (Object.keys(next).length > 0) store.setState(next);
  }

  // Others' messages: one publication per animation frame (a task where there are no frames).
  const frames = createFrameCommits(() => commit());
  const { merge, onEvent, onServerError } = createChatEvents({
    thread,
    profile,
    list,
    sends,
    typing,
    relay: () => relay,
    commit: () => commit(),
    commitSoon: () => frames.schedule(),
    toMessage: (resource) =>
      toChatMessage(resource, { currentUser: user(), fallbackTime: session.clock.now() }),
    log: (line: string) => debugLog(session, line),
  });

  /** Where the thread is in its life (threadLifecycle.ts has every transition); `status` is read from it. */
  let lifecycle = initialLifecycle;
  // What a mount holds: made in activate(), released in deactivate().
  let handles: SubscriptionHandle<unknown>[] = [];
  let topicHandle: SubscriptionHandle<unknown> | undefined;
  let cleanups: Array<() => void> = [];

  /** Publishes the lifecycle's status (and a failure's error). */
  function publish() {
    const s = store.getState();
    const status = statusOf(lifecycle);
    const error = lifecycle.phase === "failed" ? lifecycle.error : s.error;
    if (s.status !== status || s.error !== error) store.setState({ status, error });
  }
  function dispatch(event: ThreadEvent) {
    lifecycle = transition(lifecycle, event);
    publish();
  }
  /** The connection or the live topic changed (or may have). */
  const refreshStatus = () => dispatch(observe(session.connection.getState(), topicHandle?.store.getState()));

  function subscribeTopics() {
    const ack = profile.ack;
    const sub = (destination: string) =>
      session.subscriptions.subscribe(destination, { ack, keep: 1 }, onEvent);
    topicHandle = sub(destinations.topic);
    handles.push(topicHandle);
    const extra = [destinations.typingTopic, destinations.keystrokesTopic];
    for (const d of new Set(extra)) if (d && d !== destinations.topic) handles.push(sub(d));
    cleanups.push(topicHandle.store.subscribe(refreshStatus));
    refreshStatus();
  }

  function setUser(next: string | undefined) {
    if (next === user()) return;
    store.setState({ user: next });
    for (const m of list.all()) {
      const mine = m.clientId !== undefined || (next !== undefined && m.user?.name === next);
      if (mine !== m.mine) list.replace(m, { ...m, mine });
    }
    commit();
  }

  /** After every CONNECTED: links, user, then the first page or a gap-fill. */
  async function sync() {
    dispatch({ type: "connected" });
    const { run } = lifecycle;
    const stale = () => !isCurrent(lifecycle, run);
    setUser(options.user ?? connectedUser() ?? relayUser);
    try {
      if (!linksLoaded) {
        try {
          const reply = await request(profile.threadRelay!.split("{thread}").join(thread));
          if (stale()) return;
          destinations = resolveThreadDestinations(profile, thread, parseEnvelope(reply.body)?.resource);
        } catch (error) {
          if (stale() || lostConnection(error)) return; // the next CONNECTED asks again
          debugLog(
            session,
            `chat ${thread}: thread relay failed, using the profile's templates: ${String(error)}`,
          );
        }
        linksLoaded = true;
        subscribeTopics();
      }
      if (user() === undefined && profile.userRelay) {
        const reply = await request(profile.userRelay).catch(() => undefined);
        if (stale()) return;
        const name = (parseEnvelope(reply?.body)?.resource as { name?: unknown } | undefined)?.name;
        if (typeof name === "string" && name) {
          relayUser = name.slice(0, 200);
          setUser(relayUser);
        }
      }
      if (!history.available) {
        dispatch({ type: "loaded", run });
      } else if (!isLoaded(lifecycle)) {
        const page = await history.fetch(0, undefined);
        if (stale()) return;
        merge(page.resources);
        serverHasOlder = page.hasMore;
        commit({ error: undefined });
        dispatch({ type: "loaded", run });
      } else {
        let missed = 0;
        for (let page = 0; page < GAP_PAGES; page++) {
          const fetched = await history.fetch(page, undefined);
          if (stale()) return;
          const added = merge(fetched.resources);
          missed += added;
          commit();
          if (added < fetched.resources.length || !fetched.hasMore || options.loadHistory) break;
        }
        commit({ missed, error: undefined });
        lastGapFill = { at: session.clock.now(), missed };
        debugLog(session, `chat ${thread}: gap-fill loaded ${missed} missed message(s)`);
      }
    } catch (error) {
      if (stale()) return;
      if (lostConnection(error)) return refreshStatus(); // the next CONNECTED starts over
      serverHasOlder = history.available;
      commit({ error: error as StompkitError });
      dispatch({ type: "loaded", run }); // the live topic still works; loadOlder() can try the history again
    }
    refreshStatus();
  }

  function activate() {
    lifecycle = transition(lifecycle, { type: "mount" }); // published once subscribed (as "connecting" or "ready")
    relay = createRelay(session, { timeout: relayTimeout });
    if (profile.errorQueue)
      handles.push(
        session.subscriptions.subscribe(profile.errorQueue, { ack: "auto", keep: 1 }, onServerError),
      );
    if (linksLoaded) subscribeTopics();
    cleanups.push(
      // Listed by `stompkit/devtools`' inspector while mounted (read-only; costs a Set entry).
      registerInspectable(session, { kind: "chat-thread", name: thread, inspect }),
      session.on("connect", () => void sync()),
      session.on("disconnect", () => typing.clear()),
      session.connection.subscribe(refreshStatus),
    );
    refreshStatus();
    if (session.connected) void sync();
  }

  /** What the inspector shows of this thread: its window, sends in flight, the last gap-fill. */
  function inspect() {
    const { messages, status } = store.getState();
    return {
      status,
      messages: messages.length,
      window: limit,
      held: holds > 0,
      pendingSends: messages.filter((m) => m.status === "pending" || m.status === "sent").length,
      failedSends: messages.filter((m) => m.status === "failed").length,
      lastGapFillAge: lastGapFill && session.clock.now() - lastGapFill.at,
      lastGapFillMissed: lastGapFill?.missed,
    };
  }

  function deactivate() {
    lifecycle = transition(lifecycle, { type: "unmount" }); // published once released
    for (const h of handles) h.release();
    for (const c of cleanups) c();
    handles = [];
    cleanups = [];
    topicHandle = undefined;
    relay?.dispose();
    relay = undefined;
    typing.dispose();
    store.setState({ loadingOlder: false });
    publish();
  }

  async function loadOlder(): Promise<void> {
    const s = store.getState();
    if (lifecycle.phase === "idle" || s.loadingOlder || !s.hasOlder || !history.available) return;
    store.setState({ loadingOlder: true });
    const { run } = lifecycle;
    try {
      const held = list.all().filter((m) => !sends.inFlight(m));
      let page = Math.floor(held.length / pageSize);
      for (let tries = 0; tries < 3; tries++, page++) {
        const fetched = await history.fetch(page, held[0]);
        if (!isCurrent(lifecycle, run)) return; // released (or reconnected) meanwhile
        const added = merge(fetched.resources);
        serverHasOlder = fetched.hasMore;
        droppedOlder = false;
        // Offsets shift as new messages arrive: a page may repeat what we hold; then take the next one.
        if (added > 0 || !fetched.hasMore || options.loadHistory) break;
      }
      limit = Math.max(limit, list.size);
      commit({ loadingOlder: false, error: undefined });
    } catch (error) {
      commit({ loadingOlder: false, error: error as StompkitError });
    }
  }

  // Counted, with a deferred stop: StrictMode's unmount → re-mount in the same task keeps the subscriptions and relays.
  const mounts = createMountCount({ start: activate, stop: deactivate });

  return {
    store,
    mount: mounts.mount,
    send: (text) => sends.send(text),
    retry: (id) => sends.retry(id),
    loadOlder,
    keystrokes: (text) => typing.keystrokes(destinations.keystrokesAction, text),
    holdWindow() {
      holds++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        if (holds === 0) frames.schedule(); // trims back to the window (in the next frame)
      };
    },
  } satisfies ChatThreadStore & { store: typeof store };
}
