import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import {
  type BrokerURLOption,
  createStompSessionBase,
  DEV,
  StompConfigError,
  type StompSession,
  type StompSessionBase,
  type StompSessionOptions,
  withSending,
} from "stompkit/core";

/**
 * The session of the nearest `StompProvider` (sending half attached on first use: read it with
 * `useStompSession()`).
 */
export const StompContext = /* @__PURE__ */ createContext<StompSessionBase | null>(null);
StompContext.displayName = "StompContext";

type ConnectionProps = Omit<StompSessionOptions, "brokerURL" | "url"> & {
  /**
   * WebSocket URL of the broker (`ws:`/`wss:`); or the nodes of a broker cluster, tried in turn with a
   * backoff per node; or `(attempt) => url`. An inline list is fine: a re-render neither reconnects nor
   * resets the per-node backoff. `useConnectionState((s) => s.connected?.url)` shows the node in use.
   * Give this or `webSocketFactory`.
   */
  url?: BrokerURLOption;
  /**
   * Tabs of this origin share one connection (stompkit/tabs, loaded on demand): the leader tab holds
   * the socket, the others reach the broker through it; a string names the group, so that two apps
   * on one origin do not mix (`true`: "default"). Tabs signed in as someone else never share. Where
   * BroadcastChannel or Web Locks are missing, each tab connects on its own. Anything but `true`,
   * `false` or a non-empty string is a `StompConfigError`. Read when the provider mounts. @default false
   */
  shareAcrossTabs?: boolean | string;
  session?: never;
};

type SessionProps = {
  /** A session made with `createStompSession` (shared with non-React code, or from tests). */
  session: StompSessionBase;
} & { [K in Exclude<keyof ConnectionProps, "session">]?: never };

export type StompProviderProps = (ConnectionProps | SessionProps) & { children?: ReactNode };

const inert = (): never => {
  throw new StompConfigError(DEV && "no socket: the options were refused");
};

/**
 * A session that never connects, in `failed` with `error` as `lastError`: what the provider renders
 * with when its options are refused, so the app sees the error in state instead of a crash.
 */
function refusedSession(error: StompConfigError): StompSessionBase {
  const session = createStompSessionBase({ webSocketFactory: inert, reconnect: false });
  session.connection.setState({ status: "failed", lastError: error });
  return session;
}

/** `shareAcrossTabs` as a group name (`true`: "default"); anything but a boolean or a name is refused. */
function shareNameOf(share: unknown): string | undefined {
  if (share === undefined || share === false) return undefined;
  if (share === true) return "default";
  if (typeof share === "string" && share !== "") return share;
  throw new StompConfigError(
    DEV &&
      `shareAcrossTabs must be true, false or a non-empty name, got ${share === "" ? "an empty string" : typeof share}.`,
  );
}

/**
 * Owns one STOMP connection for the tree below it. Re-rendering never re-creates the socket: new
 * option values (a fresh `connectHeaders` token, a new `onError`) are applied with
 * `session.configure()` and take effect at the next (re)connect. Call
 * `useStompSession().reconnect()` to apply them now.
 *
 * Bad options never throw from render: the children render with the connection `failed`, `lastError`
 * the `StompConfigError`, and `onError` is called (no socket is opened); valid props in a later render
 * create the session then. A bad option in a later render (on a working session) goes to `lastError`
 * and `onError`, and the session keeps its previous options.
 *
 * On a server it renders its children and does not connect.
 *
 * @example
 * <StompProvider url="wss://example.com/ws" connectHeaders={async () => ({ Authorization: await token() })}>
 *   <App />
 * </StompProvider>
 */
export function StompProvider(props: StompProviderProps) {
  const { children, session: given, shareAcrossTabs: share, ...rest } = props;
  let shareName: string | undefined;
  try {
    shareName = shareNameOf(share);
  } catch {} // refused below, with the other options
  const options = rest as StompSessionOptions;
  // Created on first need, so a provider switched from `session` to option props gets one then
  // (creating a session is pure: nothing connects before `mount()`).
  const [owned] = useState<{
    session?: StompSessionBase;
    refused?: StompConfigError;
    reported?: StompConfigError;
  }>({});
  // Refused options are tried again on each render, so fixing the props recovers (still no socket
  // before mount); while they stay refused the same failed session is kept.
  if (!given && (!owned.session || owned.refused)) {
    try {
      shareNameOf(share);
      owned.session = createStompSessionBase(options);
      owned.refused = undefined;
    } catch (error) {
      if (!(error instanceof StompConfigError)) throw error;
      if (!owned.refused) owned.session = refusedSession(error);
      owned.refused ??= error;
    }
  }
  const session = given ?? owned.session!;
  const refused = !given && owned.refused;
  const previous = useRef(session);
  const onError = options.onError;

  // Latest options, applied without reconnecting. Runs after every render on purpose: inline objects
  // and callbacks are expected and cost one cheap configure() call, never a socket.
  useEffect(() => {
    if (given) return;
    let error = refused || undefined;
    if (!refused) {
      try {
        session.configure(options);
        shareNameOf(share); // changed to a bad value after mount: reported, and not shared
      } catch (thrown) {
        if (!(thrown instanceof StompConfigError)) throw thrown;
        error = thrown;
      }
    }
    // Reported once per distinct problem: an onError that sets state must not loop. (Production
    // messages are the code alone, so there a second, different config error in a row is not re-reported.)
    if (!error) owned.reported = undefined;
    if (!error || owned.reported?.message === error.message) return;
    owned.reported = error;
    if (!refused) session.connection.setState({ lastError: error });
    if (typeof onError === "function") onError(error);
  });

  useEffect(() => {
    if (refused) return undefined;
    if (!shareName || given) return session.mount();
    // The tab-sharing code is its own chunk, loaded only here; the session mounts once it is in place,
    // so a follower tab never opens a socket of its own first.
    let cancelled = false;
    let release: (() => void) | undefined;
    let stop: (() => void) | undefined;
    const mount = () => {
      if (!cancelled) release = session.mount();
    };
    import("stompkit/tabs").then((tabs) => {
      if (!cancelled) stop = tabs.shareAcrossTabs(session, { name: shareName });
      mount();
    }, mount);
    return () => {
      cancelled = true;
      release?.();
      stop?.();
    };
  }, [session, refused, shareName, given]);

  useEffect(() => {
    if (DEV && previous.current !== session) {
      console.warn(
        "stompkit: <StompProvider> switched to another session (a new or removed `session` prop). Hooks below move to it and subscribe again there; keep one session per provider to avoid the reconnect.",
      );
    }
    previous.current = session;
  }, [session]);

  return <StompContext.Provider value={session}>{children}</StompContext.Provider>;
}

/** The session of the nearest `StompProvider`; `hook` names the caller in the error. @internal */
export function useSessionFor(hook: string): StompSessionBase {
  const session = useContext(StompContext);
  if (!session) throw new StompConfigError(DEV && `${hook} needs a <StompProvider> above it`);
  return session;
}

/**
 * The `StompSession` of the nearest `StompProvider`: an escape hatch for `send`, `transaction`,
 * `reconnect()`, the raw stompjs `client`, or events. Throws `StompConfigError` outside a provider
 * (in tests, render with `renderWithStomp` from 'stompkit/testing/react').
 */
export function useStompSession(): StompSession {
  return withSending(useSessionFor("useStompSession"));
}
