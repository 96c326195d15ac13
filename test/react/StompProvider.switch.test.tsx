import { act, render, screen } from "@testing-library/react";
import { StrictMode, useState } from "react";
import { createStompSession, StompProvider, useConnectionState, useSubscription } from "stompkit";
import { createFakeBroker } from "stompkit/testing";

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.restoreAllMocks();
});

const frame = () => act(() => vi.advanceTimersByTimeAsync(20));

function Feed() {
  const status = useConnectionState((s) => s.status);
  const { last } = useSubscription<string>("/topic/switch", { parse: "text" });
  return (
    <p>
      {status} {last?.body ?? "-"}
    </p>
  );
}

describe("StompProvider switching between a session prop and option props", () => {
  it("does not crash, moves the hooks to the new session, and warns in development", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const shared = createFakeBroker();
    const own = createFakeBroker();
    const session = createStompSession({
      webSocketFactory: shared.webSocketFactory,
      heartbeat: { outgoing: 0, incoming: 0 },
    });
    let useOwn!: (v: boolean) => void;
    function App() {
      const [mine, set] = useState(false);
      useOwn = set;
      return mine ? (
        <StompProvider webSocketFactory={own.webSocketFactory} heartbeat={{ outgoing: 0, incoming: 0 }}>
          <Feed />
        </StompProvider>
      ) : (
        <StompProvider session={session}>
          <Feed />
        </StompProvider>
      );
    }
    render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
    await frame();
    act(() => void shared.publish("/topic/switch", "from-shared"));
    await frame();
    expect(screen.getByText("open from-shared")).toBeInTheDocument();
    expect(warn).not.toHaveBeenCalled();

    act(() => useOwn(true)); // session → option props: used to read an undefined session and throw
    await frame();
    act(() => void own.publish("/topic/switch", "from-own"));
    await frame();
    expect(screen.getByText("open from-own")).toBeInTheDocument();
    expect(own.count("SUBSCRIBE")).toBe(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/switched to another session/);

    act(() => useOwn(false)); // and back
    await act(() => vi.advanceTimersByTimeAsync(200));
    act(() => void shared.publish("/topic/switch", "shared-again"));
    await frame();
    expect(screen.getByText("open shared-again")).toBeInTheDocument();
    expect(warn).toHaveBeenCalledTimes(2);
    expect(own.leaks()).toEqual({ sockets: 0, subscriptions: 0 });
  });
});
