import { useCallback, useDebugValue } from "react";
import type { ReceiptEntry, ReceiptState } from "stompkit/core";
import { useStore } from "zustand";
import { useSessionFor } from "./StompProvider";

export interface ReceiptResult {
  /** `idle` when no id is given or nothing is known about it yet. */
  status: "idle" | ReceiptEntry["status"];
  error: ReceiptEntry["error"];
}

const idle: ReceiptResult = { status: "idle", error: undefined };

/**
 * The state of a receipt: `pending | received | timeout | failed` (`idle` before anything is known).
 * Reads the session's receipt store, so there is no state update after unmount.
 *
 * @example
 * const [receiptId] = useState(() => `msg-${crypto.randomUUID()}`)
 * const { status } = useReceipt(receiptId)
 * send('/app/chat', body, { receipt: receiptId })
 */
export function useReceipt(receiptId: string | null | undefined): ReceiptResult {
  const session = useSessionFor("useReceipt");
  const select = useCallback(
    (state: ReceiptState) => (receiptId ? (state[receiptId] ?? idle) : idle),
    [receiptId],
  );
  const value = useStore(session.receipts.store, select);
  useDebugValue(value.status);
  return value;
}
