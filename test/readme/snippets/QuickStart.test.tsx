// Not shown in the README: proves that the quick start's component works as the README says.
import { act, fireEvent, screen } from "@testing-library/react";
import { renderWithStomp } from "stompkit/testing/react";
import { beforeEach, expect, it, vi } from "vitest";
import { Lobby } from "./QuickStart";

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

beforeEach(() => {
  vi.useFakeTimers();
});

it("shows the statuses, receives and sends on /topic/chat.lobby", async () => {
  const { broker } = renderWithStomp(<Lobby user="ada" />);
  expect(screen.getByRole("status").textContent).toBe("connection: connecting, subscription: pending");
  await advance(20);
  expect(screen.getByRole("status").textContent).toBe("connection: open, subscription: ready");
  expect(broker.count("SUBSCRIBE")).toBe(1);

  act(() => void broker.publish("/topic/chat.lobby", JSON.stringify({ user: "bob", text: "hi" })));
  await advance(20);
  expect(screen.getByText("bob: hi")).toBeInTheDocument();

  fireEvent.change(screen.getByLabelText("Message"), { target: { value: "hello" } });
  fireEvent.click(screen.getByRole("button", { name: "Send" }));
  await advance(20);
  const sends = broker.framesOf("SEND");
  expect(sends.map((f) => [f.headers.destination, f.body])).toEqual([
    ["/topic/chat.lobby", JSON.stringify({ user: "ada", text: "hello" })],
  ]);
  expect(screen.getByText("ada: hello")).toBeInTheDocument(); // a topic echoes to its own subscriber
  expect(screen.getByLabelText("Message")).toHaveValue("");
});
