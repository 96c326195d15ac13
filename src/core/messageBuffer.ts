import { createStore, type StoreApi } from "zustand/vanilla";
import type { StompkitError } from "./errors";
import type { NotifyScheduler } from "./notifyScheduler";
import type { StompMessage } from "./stompMessage";

/**
 * - `idle`: subscribed to nothing (`useSubscription` with a `null` destination or `enabled: false`).
 * - `pending`: waiting for the connection, or for the broker's RECEIPT to SUBSCRIBE.
 * - `ready`: subscribed on the current connection.
 * - `error`: the broker refused it (see `error`); not re-subscribed until re-mounted.
 */
export type SubscriptionStatus = "idle" | "pending" | "ready" | "error";

export interface SubscriptionState<T> {
  /** The last `keep` messages, oldest first. A new array only when messages arrive. */
  messages: readonly StompMessage<T>[];
  last: StompMessage<T> | undefined;
  /** Messages received since the subscription was created (not bounded by `keep`). */
  count: number;
  status: SubscriptionStatus;
  error: StompkitError | undefined;
}

/**
 * A bounded buffer exposed as a zustand store. Messages pushed between two notifications are
 * appended in one step, so a burst costs one array copy and one store notification, and
 * `keep: Infinity` costs O(n) per notification, never per message.
 */
export function createMessageBuffer<T>(initialKeep: number, schedule: NotifyScheduler): MessageBuffer<T> {
  let keep = initialKeep;
  let pending: StompMessage<T>[] = [];
  let pendingCount = 0;
  let scheduled = false;
  let disposed = false;
  const store: StoreApi<SubscriptionState<T>> = createStore<SubscriptionState<T>>(() => ({
    messages: [],
    last: undefined,
    count: 0,
    status: "pending",
    error: undefined,
  }));

  const flush = () => {
    scheduled = false;
    if (disposed || pendingCount === 0) return;
    const batch = pending;
    const added = pendingCount;
    pending = [];
    pendingCount = 0;
    store.setState((s) => {
      let messages: StompMessage<T>[];
      if (batch.length >= keep) messages = batch.slice(batch.length - keep);
      else {
        const overflow = s.messages.length + batch.length - keep;
        messages = (overflow > 0 ? s.messages.slice(overflow) : s.messages).concat(batch);
      }
      return { messages, last: batch[batch.length - 1], count: s.count + added };
    });
  };

  return {
    store,
    push(message: StompMessage<T>) {
      if (disposed) return;
      pending.push(message);
      pendingCount++;
      // Bounded even when notifications are held back (a hidden tab runs no animation frames).
      if (pending.length > keep * 2 + 64) pending = pending.slice(pending.length - keep);
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    /** Delivers pending messages to the store now. */
    flush,
    setStatus(status: SubscriptionStatus, error?: StompkitError) {
      const s = store.getState();
      if (s.status !== status || s.error !== error) store.setState({ status, error });
    },
    /** The largest `keep` of the live subscribers (the registry decides); extra messages go at the next flush. */
    setKeep(next: number) {
      keep = next;
    },
    get keep() {
      return keep;
    },
    dispose() {
      disposed = true;
      pending = [];
    },
  };
}

/** A subscription's bounded buffer: the store `useSubscription` reads, and what the registry feeds it. */
export interface MessageBuffer<T> {
  /** Messages, count, status and error of the subscription. */
  readonly store: StoreApi<SubscriptionState<T>>;
  /** Adds a message; stores are notified once per scheduled flush. */
  push(message: StompMessage<T>): void;
  /** Delivers pending messages to the store now. */
  flush(): void;
  setStatus(status: SubscriptionStatus, error?: StompkitError): void;
  /** The largest `keep` of the live subscribers; extra messages go at the next flush. */
  setKeep(next: number): void;
  readonly keep: number;
  /** Stops the buffer: later pushes are ignored. */
  dispose(): void;
}
