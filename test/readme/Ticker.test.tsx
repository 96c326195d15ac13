import { act, fireEvent, screen } from "@testing-library/react";
import { renderWithStomp } from "stompkit/testing/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Ticker } from "./Ticker";

// Fake timers step through connects, reconnects and the once-per-frame store notifications.
const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

describe("Ticker", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  it("shows the last price", async () => {
    const { broker } = renderWithStomp(<Ticker />);
    await advance(20); // connect + SUBSCRIBE
    act(() => void broker.publish("/topic/prices", JSON.stringify({ price: 42 })));
    await advance(20); // subscription stores notify once per animation frame
    expect(screen.getByText("42")).toBeInTheDocument();
    expect(broker.count("SUBSCRIBE")).toBe(1); // StrictMode included
  });

  it("sends an order", async () => {
    const { broker } = renderWithStomp(<Ticker />);
    await advance(20);
    act(() => void broker.publish("/topic/prices", JSON.stringify({ price: 42 })));
    await advance(20);
    fireEvent.click(screen.getByRole("button", { name: "Buy" }));
    await advance(0);
    const sends = broker.framesOf("SEND"); // client → broker frames, as on the wire
    expect(sends).toHaveLength(1);
    expect(sends[0]?.headers).toMatchObject({
      destination: "/app/orders",
      "content-type": "application/json",
    });
    expect(JSON.parse(sends[0]?.body ?? "")).toEqual({ price: 42, qty: 1 });
  });

  it("sends an order made offline after the reconnect", async () => {
    const { broker } = renderWithStomp(<Ticker />, {
      session: { reconnect: { initialDelay: 100, maxDelay: 100 } },
    });
    await advance(20);
    act(() => void broker.publish("/topic/prices", JSON.stringify({ price: 7 })));
    await advance(20);
    act(() => broker.dropAll());
    await advance(0);
    fireEvent.click(screen.getByRole("button", { name: "Buy" }));
    await advance(0);
    expect(broker.framesOf("SEND")).toHaveLength(0); // waiting in the outbox
    await advance(100); // the reconnect
    expect(broker.connectionCount).toBe(2);
    expect(broker.framesOf("SEND").map((f) => [f.connection, f.body])).toEqual([
      [2, JSON.stringify({ price: 7, qty: 1 })],
    ]);
  });
});
