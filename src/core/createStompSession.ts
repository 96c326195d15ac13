import type { StompConnection } from "./connectionTypes";
import { createConnection } from "./createConnection";
import { resolveNotifyScheduler } from "./notifyScheduler";
import { createOutbox, type Outbox, type SendOptions, type SendResult } from "./outbox";
import { createReceiptTracker, type ReceiptTracker } from "./receiptTracker";
import type { StompSessionOptions } from "./sessionOptions";
import { createSubscriptionRegistry, type SubscriptionRegistry } from "./subscriptionRegistry";
import { runTransaction, type Transaction } from "./transaction";

export interface SessionDiagnostics extends ReturnType<StompConnection["diagnostics"]> {
  subscriptions: ReturnType<SubscriptionRegistry["diagnostics"]>;
  receipts: ReturnType<ReceiptTracker["diagnostics"]>;
  outbox: ReturnType<Outbox["diagnostics"]>;
}

export interface StompSession extends Omit<StompConnection, "diagnostics"> {
  /** Live listeners, timers, sockets, subscriptions, receipt waits and queued sends (leak checks). */
  diagnostics(): SessionDiagnostics;
  /** Ref-counted subscriptions with bounded buffers (what `useSubscription` reads). */
  readonly subscriptions: SubscriptionRegistry;
  /** Receipt states (what `useReceipt` reads). */
  readonly receipts: ReceiptTracker;
  /** The offline outbox behind `send`. */
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

/**
 * Creates a STOMP session: one `@stomp/stompjs` Client with reconnect (backoff, full jitter, cap,
 * max attempts), heart-beat failure detection and fresh CONNECT headers on every attempt; ref-counted
 * subscriptions re-issued after each reconnect; sends with receipts and an offline outbox.
 * Creating it does nothing; `mount()` starts it.
 *
 * @example
 * const session = createStompSession({ brokerURL: 'wss://example.com/ws', connectHeaders: { login, passcode } })
 * const release = session.mount()
 * const sub = session.subscriptions.subscribe('/topic/prices', {}, (m) => console.log(m.body))
 */
export function createStompSession(options: StompSessionOptions): StompSession {
  const conn = createConnection(options);
  // Order matters: on every connect the registry re-subscribes before the outbox flushes.
  const subscriptions = createSubscriptionRegistry(conn, {
    unsubscribeDelay: options.unsubscribeDelay,
    notify: resolveNotifyScheduler(options.notify),
  });
  const receipts = createReceiptTracker(conn);
  const outbox = createOutbox(conn, receipts, options.outbox);
  const session: StompSession = Object.create(conn);
  return Object.assign(session, {
    subscriptions,
    receipts,
    outbox,
    send: outbox.send,
    transaction: <R>(fn: (tx: Transaction) => R | Promise<R>, opts?: { timeout?: number }) =>
      runTransaction(conn, receipts, fn, opts),
    diagnostics: () => ({
      ...conn.diagnostics(),
      subscriptions: subscriptions.diagnostics(),
      receipts: receipts.diagnostics(),
      outbox: outbox.diagnostics(),
    }),
  });
}
