import { useState } from "react";
import { useReceipt, useSend } from "stompkit";

// One receipt id per send, made in the event handler. A counter works everywhere, plain http included
// (`crypto.randomUUID` exists only in secure contexts: https and localhost).
let lastId = 0;
const newReceiptId = () => `order-${Date.now().toString(36)}-${++lastId}`;

export function SendButton({ order }: { order: { sku: string; qty: number } }) {
  const { send } = useSend();
  const [receiptId, setReceiptId] = useState<string>();
  const receipt = useReceipt(receiptId); // idle → queued (offline) → pending → received | timeout | failed

  const onClick = () => {
    const id = newReceiptId();
    setReceiptId(id);
    send("/queue/orders", order, { receipt: id }).catch(() => {}); // `receipt.status` shows the outcome
  };

  return (
    <p>
      <button type="button" onClick={onClick}>
        Order
      </button>
      <output>{receipt.status}</output>
    </p>
  );
}
