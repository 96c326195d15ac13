import { act, screen } from "@testing-library/react";
import { renderWithStomp } from "stompkit/testing/react";
import { expect, it } from "vitest";
import { ConnectionBadge } from "./ConnectionBadge";

it("shows the connection", async () => {
  const { broker } = renderWithStomp(<ConnectionBadge />); // StrictMode on, heart-beats off
  expect(await screen.findByText("open")).toBeInTheDocument();
  act(() => broker.dropAll());
  expect(await screen.findByText("reconnecting")).toBeInTheDocument();
  expect(broker.connectionCount).toBe(1); // one socket, StrictMode included
});
