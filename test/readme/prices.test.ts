import { createStompSession } from "stompkit/core";
import { createFakeBroker } from "stompkit/testing";
import { expect, it, vi } from "vitest";

// No React and no DOM needed: `stompkit/testing` works without @testing-library/react.
it("receives what the broker publishes", async () => {
  vi.useFakeTimers();
  const broker = createFakeBroker();
  const session = createStompSession({
    webSocketFactory: broker.webSocketFactory,
    heartbeat: { outgoing: 0, incoming: 0 },
  });
  const release = session.mount();
  const prices: unknown[] = [];
  const subscription = session.subscriptions.subscribe("/topic/prices", {}, (m) => prices.push(m.body));
  await vi.advanceTimersByTimeAsync(0); // CONNECT, CONNECTED, SUBSCRIBE
  broker.publish("/topic/prices", JSON.stringify({ price: 42 }));
  await vi.advanceTimersByTimeAsync(0);
  expect(prices).toEqual([{ price: 42 }]);
  subscription.release(true);
  release();
});
