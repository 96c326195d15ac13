import { useState } from "react";
import { type StompkitError, useStompSession } from "stompkit";

export function PlaceOrder({ items }: { items: { sku: string; qty: number }[] }) {
  // The hook runs at the top of the component; its session is used later, in the event handler.
  const session = useStompSession();
  const [state, setState] = useState<"idle" | "committing" | "committed" | "aborted">("idle");
  const [error, setError] = useState<StompkitError>();

  const onClick = async () => {
    setState("committing");
    try {
      await session.transaction(async (tx) => {
        for (const item of items) tx.send("/queue/orders", item);
        tx.send("/queue/audit", { event: "order", count: items.length });
      }); // BEGIN, the SENDs, COMMIT confirmed by RECEIPT
      setState("committed");
    } catch (e) {
      setError(e as StompkitError); // TransactionAbortedError (or NotConnectedError when offline)
      setState("aborted");
    }
  };

  return (
    <p>
      <button type="button" onClick={onClick} disabled={state === "committing"}>
        Place order
      </button>
      <output>{error ? `${state}: ${error.code}` : state}</output>
    </p>
  );
}
