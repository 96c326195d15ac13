import { useCallback, useDebugValue } from "react";
import { type ReceiptEntry, type ReceiptState, receiptsOf } from "stompkit/core";
import { useStore } from "zustand";
import { useSessionFor } from "./StompProvider";

export interface ReceiptResult {
  /**
   * `idle` when no id is given or nothing is known about it yet; `queued` while the send waits in the
   * offline outbox; `pending` once it is on the wire; then `received`, `timeout` or `failed`.
   */
  status: "idle" | ReceiptEntry["status"];
  error: ReceiptEntry["error"];
}

const idle: ReceiptResult = { status: "idle", error: undefined };

/**
 * The state of a receipt: `queued | pending | received | timeout | failed` (`idle` before anything is
 * known). Reads the session's receipt store (a `Map`, so any string is a valid id, `constructor`
 * included), so there is no state update after unmount.
 *
 * Use one id per send: a second send with an id that is still queued or pending is refused with
 * `DuplicateReceiptError`. Let `send` make the id (`receipt: true`) and keep the one it resolves with,
 * or make a fresh id in the event handler.
 *
 * @example
 * const [receiptId, setReceiptId] = useState<string>()
 * const { status } = useReceipt(receiptId)
 * const onClick = () => {
 *   const id = `msg-${crypto.randomUUID()}`
 *   setReceiptId(id)
 *   send('/app/chat', body, { receipt: id }).catch(() => {}) // the status shows the outcome
 * }
 */
export function useReceipt(receiptId: string | null | undefined): ReceiptResult {
  const session = useSessionFor("useReceipt");
  const select = useCallback(
    (state: ReceiptState) => (receiptId ? (state.get(receiptId) ?? idle) : idle),
    [receiptId],
  );
  const value = useStore(receiptsOf(session).store, select);
  useDebugValue(value.status);
  return value;
}
