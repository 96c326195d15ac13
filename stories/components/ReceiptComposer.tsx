import { type FormEvent, useRef, useState } from "react";
import { useConnectionState, useReceipt, useSend } from "stompkit";

/** Sends a note with a receipt and shows its state; while offline the note waits in the outbox. */
export function ReceiptComposer() {
  const send = useSend();
  const status = useConnectionState((s) => s.status);
  const [receiptId, setReceiptId] = useState<string | undefined>();
  const [outcome, setOutcome] = useState("");
  const receipt = useReceipt(receiptId);
  const counter = useRef(0);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get("note") ?? "");
    const id = `note-${Date.now()}-${counter.current++}`;
    setReceiptId(id);
    setOutcome("");
    send("/queue/notes", { text }, { receipt: id }).then(
      () => setOutcome("delivered"),
      (error: { code?: string }) => setOutcome(`failed: ${error.code ?? "unknown"}`),
    );
  };

  return (
    <form onSubmit={onSubmit} style={{ display: "grid", gap: 8, minWidth: 260 }}>
      <label>
        Note <input name="note" defaultValue="hello" />
      </label>
      <button type="submit">Send with receipt</button>
      <p>connection: {status}</p>
      <p role="status" data-receipt={receipt.status}>
        receipt: {receipt.status}
        {outcome ? ` — ${outcome}` : ""}
      </p>
    </form>
  );
}
