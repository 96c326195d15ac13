/**
 * The receipts outstanding on the current socket, and who an ERROR may blame. An ERROR is pinned on a
 * frame only on unambiguous evidence: it names the receipt (`receipt-id`), or exactly one receipt is
 * outstanding. Otherwise (RabbitMQ names none) every outstanding receipt is only a suspect: any of them,
 * or none (an earlier frame without receipt, a broker-side fault), may be the cause.
 */
export function createReceiptLedger() {
  const outstanding = new Set<string>();
  return {
    add: (id: string) => void outstanding.add(id),
    delete: (id: string) => void outstanding.delete(id),
    /** The socket closed: nothing is outstanding any more. */
    clear: () => outstanding.clear(),
    get size() {
      return outstanding.size;
    },
    /** `[receiptId, suspects]`: the frame the ERROR refused if unambiguous, else every outstanding receipt. */
    blame(named: string | undefined): [receiptId: string | undefined, suspects: string[]] {
      const all = [...outstanding];
      const receiptId = named ?? (all.length === 1 ? all[0] : undefined);
      return [receiptId, receiptId === undefined ? all : []];
    },
  };
}
