import { useCallback, useDebugValue, useEffect, useMemo, useState } from "react";
import type { SubscriptionState } from "stompkit/core";
import {
  createSubscriptionObserver,
  type ObserverOptions,
  resolveTarget,
} from "./createSubscriptionObserver";
import type { Destination } from "./destination";
import { useSessionFor } from "./StompProvider";
import { useSyncExternalStoreWithSelector } from "./useSyncExternalStoreWithSelector";

export interface UseSubscriptionOptions<T, S = SubscriptionState<T>> extends ObserverOptions<T> {
  /** `false` subscribes to nothing and reports status `idle` (like a `null` destination). @default true */
  enabled?: boolean;
  /**
   * Picks what the component needs; it re-renders only when that changes (`isEqual`, default
   * `Object.is`). Inline is fine. Its result type is inferred: give the message type through a typed
   * `destination<T>()`, a `parse` function, or the parameter's annotation.
   * @example select: (s) => s.last?.body.price
   */
  select?: (state: SubscriptionState<T>) => S;
  isEqual?: (a: S, b: S) => boolean;
}

const identity = <S>(state: SubscriptionState<unknown>) => state as S;
/** Same headers written inline each render → same string; never throws (unlike URI encoding). */
const headersKey = (headers: Record<string, string> | undefined) =>
  headers
    ? JSON.stringify(
        Object.keys(headers)
          .sort()
          .map((name) => [name, headers[name]]),
      )
    : "";

/**
 * Binds a destination to component state. Components on the same destination, headers, `ack` and
 * `key` share ONE STOMP subscription (ref-counted), re-issued after every reconnect. Returns the
 * bounded buffer `{ messages, last, count, status, error }`, or what `select` picks from it.
 *
 * Only data is identity: every function or object option (`parse`, `dedupe`, `select`, `isEqual`,
 * `onMessage`, `headers`) may be written inline — the latest one is used, nothing resubscribes. Give
 * `key` when a different parser must mean a separate subscription. Each render reads the buffer of
 * the destination it renders for, never the previous one's.
 *
 * Components that share a key but disagree: `onMessage` and `autoAck` are per component (the ACK
 * goes once every `autoAck: false` component has acked), `keep` is the largest asked for, and
 * `parse`/`dedupe`/`receipt` are the first component's (a development-only `console.warn` says so).
 *
 * `null`/`undefined` destination or `enabled: false`: status `idle`, nothing subscribed. Invalid
 * headers: status `error` with an `InvalidHeaderError`, nothing sent. Messages arriving together
 * cause one render.
 *
 * @example
 * const { last, status } = useSubscription<Price>('/topic/prices', { keep: 1 })
 * const ticks = destination<Tick>('/topic/ticks')
 * const price = useSubscription(ticks, { select: (s) => s.last?.body.value }) // number | undefined
 */
export function useSubscription<T = unknown, S = SubscriptionState<T>>(
  destination: string | Destination<T> | null | undefined,
  options: UseSubscriptionOptions<T, S> = {},
): S {
  const session = useSessionFor("useSubscription");
  const [observer] = useState(createSubscriptionObserver<T>);
  const { headers, ack, key, enabled = true, select, isEqual } = options;
  const hk = headersKey(headers);
  // Resolved during render from data only (TanStack `useBaseQuery`): this render reads this key.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `hk` stands for `headers`
  const target = useMemo(
    () => resolveTarget<T>(session, enabled ? destination : null, { headers, ack, key }),
    [session, destination, enabled, hk, ack, key],
  );
  // Declared before the store read, so a new subscription starts with this commit's options.
  useEffect(() => observer.setOptions(options));
  const subscribe = useCallback(
    (notify: () => void) => observer.subscribe(target, notify),
    [observer, target],
  );
  const getSnapshot = useCallback(() => observer.getSnapshot(target), [observer, target]);
  const getServerSnapshot = useCallback(() => target.state, [target]);
  const value = useSyncExternalStoreWithSelector(
    subscribe,
    getSnapshot,
    getServerSnapshot,
    select ?? (identity as (s: SubscriptionState<T>) => S),
    isEqual,
  );
  useDebugValue(value);
  return value;
}
