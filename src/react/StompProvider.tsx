import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import {
  type BrokerURLOption,
  createStompSession,
  type StompSession,
  type StompSessionOptions,
} from "stompkit/core";

export const StompContext = createContext<StompSession | null>(null);
StompContext.displayName = "StompContext";

type ConnectionProps = Omit<StompSessionOptions, "brokerURL"> & {
  /**
   * WebSocket URL of the broker (`brokerURL` in stompjs terms); or the nodes of a broker cluster, tried in
   * turn with a backoff per node; or `(attempt) => url`. An inline list is fine: a re-render neither
   * reconnects nor resets the per-node backoff. `useConnectionState((s) => s.connected?.url)` shows the
   * node in use. Give this or `webSocketFactory`.
   */
  url?: BrokerURLOption;
  session?: never;
};

type SessionProps = {
  /** A session made with `createStompSession` (shared with non-React code, or from tests). */
  session: StompSession;
} & { [K in Exclude<keyof ConnectionProps, "session">]?: never };

export type StompProviderProps = (ConnectionProps | SessionProps) & { children?: ReactNode };

/**
 * Owns one STOMP connection for the tree below it. Re-rendering never re-creates the socket: new
 * option values (a fresh `connectHeaders` token, a new `onError`) are applied with
 * `session.configure()` and take effect at the next (re)connect. Call
 * `useStompSession().reconnect()` to apply them now.
 *
 * On a server it renders its children and does not connect.
 *
 * @example
 * <StompProvider url="wss://example.com/ws" connectHeaders={async () => ({ Authorization: await token() })}>
 *   <App />
 * </StompProvider>
 */
export function StompProvider(props: StompProviderProps) {
  const { children, session: given, url, ...rest } = props;
  const options = { ...rest, brokerURL: url } as StompSessionOptions;
  // Created on first need, so a provider switched from `session` to option props gets one then
  // (creating a session is pure: nothing connects before `mount()`).
  const [owned] = useState<{ session?: StompSession }>({});
  if (!given && !owned.session) owned.session = createStompSession(options);
  const session = given ?? owned.session!;
  const previous = useRef(session);

  // Latest options, applied without reconnecting. Runs after every render on purpose: inline objects
  // and callbacks are expected and cost one cheap configure() call, never a socket.
  useEffect(() => {
    if (!given) session.configure(options);
  });

  useEffect(() => session.mount(), [session]);

  useEffect(() => {
    if (previous.current !== session && process.env.NODE_ENV !== "production") {
      console.warn(
        "stompkit: <StompProvider> switched to another session (a new or removed `session` prop). Hooks below move to it and subscribe again there; keep one session per provider to avoid the reconnect.",
      );
    }
    previous.current = session;
  }, [session]);

  return <StompContext.Provider value={session}>{children}</StompContext.Provider>;
}

/** The session of the nearest `StompProvider`; `hook` names the caller in the error. @internal */
export function useSessionFor(hook: string): StompSession {
  const session = useContext(StompContext);
  if (!session) {
    throw new Error(
      `\`${hook}\` must be used within \`StompProvider\`: wrap your app in <StompProvider url="wss://…"> (or use renderWithStomp from 'stompkit/testing/react' in tests).`,
    );
  }
  return session;
}

/**
 * The `StompSession` of the nearest `StompProvider`: an escape hatch for `reconnect()`, the raw
 * stompjs `client`, or events. Throws outside a provider.
 */
export function useStompSession(): StompSession {
  return useSessionFor("useStompSession");
}
