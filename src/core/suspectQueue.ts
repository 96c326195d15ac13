import type { StompConnection } from "./connectionTypes";
import { internals } from "./internals";

/**
 * Subscriptions suspected of an ambiguous ERROR (one that named no receipt while several were
 * outstanding; RabbitMQ names none). They are re-issued one at a time, each only when no other receipt
 * is outstanding on the socket, so a second refusal is unambiguous (the connection then names it) and a
 * healthy one simply gets its RECEIPT. Everything else reconnects and resubscribes as after any drop.
 */
export function createSuspectQueue<T>(
  conn: StompConnection,
  issue: (item: T) => void,
  isLive: (item: T) => boolean,
) {
  const suspects = new Set<T>(); // in order of suspicion
  let probing: T | undefined;

  function next() {
    if (probing !== undefined || !conn.connected || internals(conn).pendingReceipts() > 0) return;
    for (const item of suspects) {
      if (!isLive(item)) {
        suspects.delete(item);
        continue;
      }
      probing = item; // stays a suspect until its RECEIPT arrives
      issue(item);
      return;
    }
  }

  return {
    /** Adds suspects in order (`undefined`s, receipts that are not subscriptions, are skipped). */
    add(items: ReadonlyArray<T | undefined>) {
      for (const item of items) if (item !== undefined) suspects.add(item);
    },
    /** True while `item` waits for its turn: it must not be issued now. */
    holds: (item: T) => suspects.has(item) && probing !== item,
    /** `item` got its RECEIPT (innocent) or was named by an ERROR (guilty): no longer a suspect. */
    clear(item: T) {
      suspects.delete(item);
      if (probing === item) probing = undefined;
    },
    /** A new socket: whatever was being probed is probed again. */
    reset() {
      probing = undefined;
    },
    /** Issues the next suspect if the socket has no receipt outstanding. */
    next() {
      if (suspects.size > 0) next();
    },
    get size() {
      return suspects.size;
    },
  };
}
