import { useSend, useSubscription } from "stompkit";

export function Ticker() {
  const { last } = useSubscription<{ price: number }>("/topic/prices");
  const { send } = useSend();
  const price = last?.body.price;
  return (
    <div>
      <p>{price ?? "no price yet"}</p>
      <button
        type="button"
        disabled={price === undefined}
        onClick={() => void send("/app/orders", { price, qty: 1 })}
      >
        Buy
      </button>
    </div>
  );
}
