import type { StompConnection } from "./connectionTypes";
import { createConnection } from "./createConnection";
import { internals } from "./internals";
import { resolveNotifyScheduler } from "./notifyScheduler";
import { outboxOf } from "./outbox";
import type { Outbox, SendOptions, SendResult } from "./outboxTypes";
import { type ReceiptTracker, receiptsOf } from "./receiptTracker";
import type { StompSessionOptions } from "./sessionOptions";
import { createSubscriptionRegistry, type SubscriptionRegistry } from "./subscriptionRegistry";
import { runTransaction, type Transaction } from "./transaction";

/** What `diagnostics()` counts: every number is 0 once the last release has settled (leak checks). */
export interface SessionDiagnostics {
  /** `online`/`visibilitychange` listeners. */
  listeners: number;
  /** Connection timers (connect, retry, disconnect, healthy). */
  timers: number;
  /** A socket is open or opening. */
  socket: boolean;
  subscriptions: { entries: number; listeners: number; timers: number };
  receipts: { waits: number; timers: number };
  outbox: { queued: number; inflight: number; timers: number };
}

/**
 * A session without the sending half: the connection and its subscriptions. What `<StompProvider>`
 * creates; the receipt tracker, the outbox and transactions attach on first use (`useSend`,
 * `useReceipt`, `useStompSession`), so an app that never sends does not bundle them.
 */
export interface StompSessionBase extends Omit<StompConnection, "diagnostics"> {
  /** Live listeners, timers, sockets, subscriptions, receipt waits and queued sends (leak checks). */
  diagnostics(): SessionDiagnostics;
  /** Ref-counted subscriptions with bounded buffers (what `useSubscription` reads). */
  readonly subscriptions: SubscriptionRegistry;
}

/** A STOMP session: connection, subscriptions, sends with receipts and an offline outbox, transactions. */
export interface StompSession extends StompSessionBase {
  /** Receipt states (what `useReceipt` reads). Created on first use. */
  readonly receipts: ReceiptTracker;
  /** The offline outbox behind `send`. Created on first use. */
  readonly outbox: Outbox;
  /**
   * SEND. Objects go as JSON. While not connected the send waits in the outbox and goes out after the
   * reconnect; with `receipt` the promise resolves on the broker's RECEIPT.
   * @example await session.send('/app/chat', { text: 'hi' }, { receipt: true })
   */
  send(destination: string, body: unknown, options?: SendOptions): Promise<SendResult>;
  /**
   * BEGIN → `fn(tx)` → COMMIT confirmed by RECEIPT, or ABORT when `fn` throws. Rejects with
   * `TransactionAbortedError` when the connection drops first; never re-committed.
   */
  transaction<R>(fn: (tx: Transaction) => R | Promise<R>, options?: { timeout?: number }): Promise<R>;
}

const noReceipts = { waits: 0, timers: 0 };
const noOutbox = { queued: 0, inflight: 0, timers: 0 };

/**
 * Creates a session without the sending half (see `StompSessionBase`): what `<StompProvider>` creates,
 * for an app or a bundle that only subscribes. `withSending` completes it; `createStompSession` is both.
 */
export function createStompSessionBase(options: StompSessionOptions): StompSessionBase {
  const conn = createConnection(options);
  const live = internals(conn);
  // Order matters: on every connect the registry re-subscribes before the outbox (attached later) flushes.
  const subscriptions = createSubscriptionRegistry(conn, {
    unsubscribeDelay: () => live.options().unsubscribeDelay,
    notify: (flush) => resolveNotifyScheduler(live.options().notify)(flush),
  });
  const session: StompSessionBase = Object.create(conn);
  return Object.assign(session, {
    subscriptions,
    diagnostics: () => ({
      ...conn.diagnostics(),
      subscriptions: subscriptions.diagnostics(),
      receipts: (live.attached.get("receipts")?.diagnostics() ??
        noReceipts) as SessionDiagnostics["receipts"],
      outbox: (live.attached.get("outbox")?.diagnostics() ?? noOutbox) as SessionDiagnostics["outbox"],
    }),
  });
}

/**
 * Adds `send`, `transaction`, `receipts` and `outbox` to a session base (once: the same object comes back;
 * the modules themselves are created on first use). The attach point for code that is handed a
 * `StompSessionBase` (from `useStompSession`, `<StompProvider>`) and needs to send.
 */
export function withSending(session: StompSessionBase): StompSession {
  if ("send" in session) return session as StompSession;
  return Object.defineProperties(session, {
    receipts: { get: () => receiptsOf(session) },
    outbox: { get: () => outboxOf(session) },
    send: { value: (d: string, b: unknown, o?: SendOptions) => outboxOf(session).send(d, b, o) },
    transaction: {
      value: <R>(fn: (tx: Transaction) => R | Promise<R>, opts?: { timeout?: number }) =>
        runTransaction(session, receiptsOf(session), fn, opts),
    },
  }) as StompSession;
}

/**
 * Creates a STOMP session: one `@stomp/stompjs` Client with reconnect (backoff, full jitter, cap,
 * max attempts), heart-beat failure detection and fresh CONNECT headers on every attempt; ref-counted
 * subscriptions re-issued after each reconnect; sends with receipts and an offline outbox.
 * Creating it does nothing; `mount()` starts it. Throws `StompConfigError` for bad options.
 *
 * @example
 * const session = createStompSession({ url: 'wss://example.com/ws', connectHeaders: { login, passcode } })
 * const release = session.mount()
 * const sub = session.subscriptions.subscribe('/topic/prices', {}, (m) => console.log(m.body))
 */
export function createStompSession(options: StompSessionOptions): StompSession {
  return withSending(createStompSessionBase(options));
}
