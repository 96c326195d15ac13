import { useEffect } from "react";
import { destination, useStompSession, useSubscription } from "stompkit";

export interface Tick {
  symbol: string;
  price: number;
}

/** The destination with its message type: `select` below infers `number | undefined`. */
const ticks = destination<Tick>("/topic/ticks");

/** One symbol's latest price; every tile uses the same destination, so the page holds one SUBSCRIBE. */
function PriceTile({ symbol }: { symbol: string }) {
  const price = useSubscription(ticks, {
    select: (s) => s.messages.findLast((m) => m.body.symbol === symbol)?.body.price,
  });
  return (
    <li data-symbol={symbol} style={{ fontFamily: "ui-monospace, monospace" }}>
      {symbol}: {price === undefined ? "—" : price.toFixed(2)}
    </li>
  );
}

/** Messages received so far on the shared subscription. */
function TickCount() {
  const { count, status } = useSubscription(ticks);
  return (
    <p aria-live="polite">
      {count} ticks ({status})
    </p>
  );
}

/**
 * A tiny "market" for the story: publishes a tick through the session every `intervalMs` (a real app
 * would get them from the server; here the fake broker routes our SEND back to the subscribers).
 */
function Market({ intervalMs, symbols }: { intervalMs: number; symbols: string[] }) {
  const session = useStompSession();
  useEffect(() => {
    let n = 0;
    const id = setInterval(() => {
      const symbol = symbols[n++ % symbols.length]!;
      void session.send("/topic/ticks", { symbol, price: 100 + ((n * 7.31) % 20) }).catch(() => {});
    }, intervalMs);
    return () => clearInterval(id);
  }, [session, intervalMs, symbols]);
  return null;
}

export function TickerBoard({ symbols = ["ACME", "GLOBEX", "INITECH"], intervalMs = 200 }) {
  return (
    <section aria-label="Ticker board" style={{ minWidth: 260 }}>
      <Market intervalMs={intervalMs} symbols={symbols} />
      <TickCount />
      <ul>
        {symbols.map((s) => (
          <PriceTile key={s} symbol={s} />
        ))}
      </ul>
    </section>
  );
}
