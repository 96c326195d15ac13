// Not shown in the README: proves the transaction example commits, and fails typed when offline.
import { act, fireEvent, screen } from "@testing-library/react";
import { renderWithStomp } from "stompkit/testing/react";
import { beforeEach, expect, it, vi } from "vitest";
import { PlaceOrder } from "./PlaceOrder";

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
const items = [
  { sku: "A-1", qty: 2 },
  { sku: "B-7", qty: 1 },
];

beforeEach(() => {
  vi.useFakeTimers();
});

it("sends BEGIN, the SENDs and COMMIT from the click handler", async () => {
  const { broker } = renderWithStomp(<PlaceOrder items={items} />);
  await advance(20);
  fireEvent.click(screen.getByRole("button", { name: "Place order" }));
  await advance(20);
  expect(screen.getByRole("status")).toHaveTextContent("committed");
  const wire = broker.frames
    .filter((f) => f.direction === "in" && ["BEGIN", "SEND", "COMMIT"].includes(f.command))
    .map((f) => [f.command, f.headers.destination]);
  expect(wire).toEqual([
    ["BEGIN", undefined],
    ["SEND", "/queue/orders"],
    ["SEND", "/queue/orders"],
    ["SEND", "/queue/audit"],
    ["COMMIT", undefined],
  ]);
});

it("shows a typed error when the connection is down", async () => {
  const { broker } = renderWithStomp(<PlaceOrder items={items} />);
  await advance(20);
  act(() => broker.dropAll());
  await advance(0);
  fireEvent.click(screen.getByRole("button", { name: "Place order" }));
  await advance(0);
  expect(screen.getByRole("status")).toHaveTextContent("aborted: NOT_CONNECTED");
  expect(broker.count("BEGIN")).toBe(0);
});
