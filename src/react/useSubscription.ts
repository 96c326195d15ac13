import { useCallback, useDebugValue, useMemo, useRef } from "react";
import type {
  MessageListener,
  StompMessage,
  SubscribeOptions,
  SubscriptionHandle,
  SubscriptionState,
} from "stompkit/core";
import { subscriptionKey } from "stompkit/core";
import useSyncExternalStoreExports from "use-sync-external-store/with-selector";
import { useSessionFor } from "./StompProvider";
import { useLatestCallback } from "./useLatestCallback";

// CJS package: default import, as zustand/traditional does.
const { useSyncExternalStoreWithSelector } = useSyncExternalStoreExports;

export interface UseSubscriptionOptions<T, S> extends SubscribeOptions<T> {
  /** Called for every message, in order. A new function each render is fine: it never resubscribes. */
  onMessage?: MessageListener<T>;
  /**
   * Picks what the component needs; it re-renders only when that changes (`isEqual`, default `Object.is`).
   * @example select: (s) => s.last?.body.price
   */
  select?: (state: SubscriptionState<T>) => S;
  isEqual?: (a: S, b: S) => boolean;
}

const idle: SubscriptionState<never> = Object.freeze({
  messages: Object.freeze([]) as readonly never[],
  last: undefined,
  count: 0,
  status: "pending" as const,
  error: undefined,
});
const identity = <S>(state: SubscriptionState<unknown>) => state as S;

/**
 * Binds a destination to component state. Components on the same destination and headers share ONE
 * STOMP subscription (ref-counted), re-issued after every reconnect. Returns the bounded buffer
 * `{ messages, last, count, status, error }`, or what `select` picks from it. `null` subscribes to
 * nothing. Messages that arrive together cause one render.
 *
 * @example
 * const { last, status } = useSubscription<Price>('/topic/prices', { keep: 1 })
 * const price = useSubscription<Price, number | undefined>('/topic/prices', { select: (s) => s.last?.body.value })
 */
export function useSubscription<T = unknown, S = SubscriptionState<T>>(
  destination: string | null | undefined,
  options: UseSubscriptionOptions<T, S> = {},
): S {
  const session = useSessionFor("useSubscription");
  const { onMessage, select, isEqual, headers, ack, parse, keep, receipt, autoAck, dedupe } = options;
  const listener = useLatestCallback(onMessage);
  // Primitive deps: the same headers written inline each render give the same key.
  const headersKey = headers ? subscriptionKey("", headers) : "";
  const handle = useRef<SubscriptionHandle<T> | null>(null);
  const previousKey = useRef<string | null>(null);
  // Bad input (a header with CR/LF…) becomes this hook's `error` state, not a crash of the tree.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `headersKey` stands for `headers`
  const invalid = useMemo((): SubscriptionState<T> | undefined => {
    if (!destination) return undefined;
    try {
      session.subscriptions.keyOf(destination, { headers, ack, parse });
      return undefined;
    } catch (error) {
      return { ...idle, status: "error", error: error as SubscriptionState<T>["error"] };
    }
  }, [session, destination, headersKey, ack, parse]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `headersKey` stands for `headers`
  const subscribe = useCallback(
    (notify: () => void) => {
      if (!destination || invalid) return () => {};
      const opts = { headers, ack, parse, keep, receipt, autoAck, dedupe };
      const registry = session.subscriptions;
      // Moving to another key: the old one goes first (UNSUBSCRIBE before the new SUBSCRIBE). The same
      // key again (StrictMode's re-mount) re-uses the live subscription.
      const before = previousKey.current;
      if (before && before !== registry.keyOf(destination, opts)) registry.releaseNow(before);
      const h = registry.subscribe<T>(destination, opts, (message: StompMessage<T>) => listener(message));
      handle.current = h;
      const unsubscribe = h.store.subscribe(notify);
      return () => {
        unsubscribe();
        previousKey.current = h.key;
        handle.current = null;
        h.release();
      };
    },
    [session, destination, headersKey, ack, parse, keep, receipt, autoAck, dedupe, listener, invalid],
  );

  const getSnapshot = useCallback(
    () => (invalid ?? handle.current?.store.getState() ?? idle) as SubscriptionState<T>,
    [invalid],
  );
  const selector = useMemo(() => select ?? (identity as (s: SubscriptionState<T>) => S), [select]);
  const value = useSyncExternalStoreWithSelector(
    subscribe,
    getSnapshot,
    () => idle as SubscriptionState<T>,
    selector,
    isEqual,
  );
  useDebugValue(value);
  return value;
}
