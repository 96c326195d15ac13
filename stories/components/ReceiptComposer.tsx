import { type FormEvent, useRef, useState } from "react";
import { useConnectionState, useReceipt, useSend } from "stompkit";

/**
 * Sends a note with a receipt and shows its state; while offline the note waits in the outbox. Each
 * send gets its own receipt id (never one per component: a double click would reuse a pending id).
 */
export function ReceiptComposer() {
  const { send, status: sendStatus, error } = useSend();
  const status = useConnectionState((s) => s.status);
  const [receiptId, setReceiptId] = useState<string | undefined>();
  const receipt = useReceipt(receiptId);
  const counter = useRef(0);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get("note") ?? "");
    const id = `note-${Date.now()}-${counter.current++}`;
    setReceiptId(id);
    void send("/queue/notes", { text }, { receipt: id }); // the outcome is read from `status`/`error`
  };
  const outcome =
    sendStatus === "success"
      ? "delivered"
      : sendStatus === "error"
        ? `failed: ${error?.code ?? "unknown"}`
        : "";

  return (
    <form onSubmit={onSubmit} style={{ display: "grid", gap: 8, minWidth: 260 }}>
      <label>
        Note <input name="note" defaultValue="hello" />
      </label>
      <button type="submit">Send with receipt</button>
      <p>connection: {status}</p>
      <p role="status" data-receipt={receipt.status} data-send={sendStatus}>
        receipt: {receipt.status}
        {outcome ? ` — ${outcome}` : ""}
      </p>
    </form>
  );
}
