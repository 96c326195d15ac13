// Not shown in the README: proves what the README says the receipt status shows.
import { act, fireEvent, screen } from "@testing-library/react";
import { renderWithStomp } from "stompkit/testing/react";
import { beforeEach, expect, it, vi } from "vitest";
import { SendButton } from "./SendButton";

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
const order = { sku: "A-1", qty: 2 };

beforeEach(() => {
  vi.useFakeTimers();
});

it("shows queued while offline, pending on the wire, then received", async () => {
  const { broker } = renderWithStomp(<SendButton order={order} />, {
    session: { reconnect: { initialDelay: 100, maxDelay: 100 } },
  });
  await advance(20);
  expect(screen.getByRole("status")).toHaveTextContent("idle");
  act(() => broker.dropAll());
  await advance(0);
  fireEvent.click(screen.getByRole("button", { name: "Order" }));
  await advance(0);
  expect(screen.getByRole("status")).toHaveTextContent("queued");
  broker.swallowReceipts(true);
  await advance(100); // the reconnect flushes the outbox
  expect(screen.getByRole("status")).toHaveTextContent("pending");
  broker.swallowReceipts(false);
  fireEvent.click(screen.getByRole("button", { name: "Order" })); // a double click: a new id, never a duplicate
  await advance(20);
  expect(screen.getByRole("status")).toHaveTextContent("received");
  const ids = broker.framesOf("SEND").map((f) => f.headers.receipt);
  expect(ids).toHaveLength(2);
  expect(new Set(ids).size).toBe(2);
});
