import type {
  MessageListener,
  StompkitError,
  StompSessionBase,
  SubscribeOptions,
  SubscriptionHandle,
  SubscriptionState,
} from "stompkit/core";
import { registryInternals } from "stompkit/core";

/** What one render of `useSubscription` is bound to, resolved during that render from data only. */
export interface SubscriptionTarget<T> {
  readonly session: StompSessionBase;
  /** Undefined for `idle` and for invalid input: nothing is subscribed. */
  readonly key: string | undefined;
  readonly destination: string;
  readonly identity: Pick<SubscribeOptions<T>, "headers" | "ack" | "key">;
  /** Shown while the registry holds nothing for `key` (and on the server): idle, error or an empty `pending`. */
  readonly state: SubscriptionState<T>;
}

/** The observer's view of the options: the hook passes its latest ones on every commit. */
export interface ObserverOptions<T> extends SubscribeOptions<T> {
  onMessage?: MessageListener<T>;
}

const emptyState = <T>(status: SubscriptionState<T>["status"], error?: StompkitError): SubscriptionState<T> =>
  Object.freeze({ messages: Object.freeze([]), last: undefined, count: 0, status, error });

/** Status `idle`: a `null` destination or `enabled: false`. */
export const idleState: SubscriptionState<never> = emptyState("idle");

/**
 * Resolves a render's target: the key of `destination` + identity options, or `idle`, or the `error`
 * state of input the registry refuses (a header with CR/LF…), so bad input never throws in render.
 */
export function resolveTarget<T>(
  session: StompSessionBase,
  destination: string | null | undefined,
  identity: SubscriptionTarget<T>["identity"],
): SubscriptionTarget<T> {
  if (!destination) return { session, key: undefined, destination: "", identity, state: idleState };
  try {
    const key = registryInternals(session.subscriptions).keyOf(destination, identity);
    return { session, key, destination, identity, state: emptyState("pending") };
  } catch (error) {
    return {
      session,
      key: undefined,
      destination,
      identity,
      state: emptyState("error", error as StompkitError),
    };
  }
}

/**
 * One per component (TanStack Query's `QueryObserver` idea): holds the latest options and the
 * registry handle, subscribes a target for `useSyncExternalStore`, and reads a target's state.
 * @internal
 */
export function createSubscriptionObserver<T>() {
  let options: ObserverOptions<T> = {};
  let handle: SubscriptionHandle<T> | undefined;
  let previous: { session: StompSessionBase; key: string } | undefined;
  const listener: MessageListener<T> = (message) => options.onMessage?.(message);
  const subscribeOptions = (target: SubscriptionTarget<T>) => ({ ...options, ...target.identity });

  return {
    /** The latest options (functions, `keep`, `autoAck`, …); never a new SUBSCRIBE. */
    setOptions(next: ObserverOptions<T>) {
      options = next;
      handle?.setOptions(next); // identity fields in `next` are ignored by the registry
    },
    subscribe(target: SubscriptionTarget<T>, notify: () => void): () => void {
      if (target.key === undefined) return () => {};
      const registry = target.session.subscriptions;
      // Moving to another key: the old one goes first (UNSUBSCRIBE before the new SUBSCRIBE). The same
      // key again (StrictMode's re-mount) re-uses the live subscription.
      if (previous && previous.key !== target.key)
        registryInternals(previous.session.subscriptions).releaseNow(previous.key);
      const h = registry.subscribe<T>(target.destination, subscribeOptions(target), listener);
      handle = h;
      const unsubscribe = h.store.subscribe(notify);
      return () => {
        unsubscribe();
        previous = { session: target.session, key: h.key };
        if (handle === h) handle = undefined;
        h.release();
      };
    },
    /** The current key's state, read in render: never the previous key's buffer. */
    getSnapshot(target: SubscriptionTarget<T>): SubscriptionState<T> {
      return (target.key !== undefined && target.session.subscriptions.state<T>(target.key)) || target.state;
    },
  };
}

export type SubscriptionObserver<T> = ReturnType<typeof createSubscriptionObserver<T>>;
