// Bad options reach the app through state and onError (issue 6 §2, §10): never a throw from render,
// never a socket.
import { act, render, screen } from "@testing-library/react";
import { StrictMode, useState } from "react";
import { StompConfigError, type StompkitError, StompProvider, useConnectionState } from "stompkit";
import { createFakeBroker } from "stompkit/testing";

beforeEach(() => {
  vi.useFakeTimers();
});

const flush = () => act(() => vi.advanceTimersByTimeAsync(0));

function Status() {
  const { status, lastError } = useConnectionState();
  return (
    <p>
      status: {status} / {lastError?.name ?? "none"}
    </p>
  );
}

describe("StompProvider with bad options", () => {
  it.each([
    ["a non-ws url", { url: "http://example.com/ws" }],
    ["a non-function debug", { url: "ws://example.com/ws", debug: "yes" }],
    ["a negative connectTimeout", { url: "ws://example.com/ws", connectTimeout: -1 }],
    ["no url nor webSocketFactory", {}],
    ["shareAcrossTabs as a number", { url: "ws://example.com/ws", shareAcrossTabs: 1 }],
    ["shareAcrossTabs as an empty name", { url: "ws://example.com/ws", shareAcrossTabs: "" }],
    ["shareAcrossTabs as an object", { url: "ws://example.com/ws", shareAcrossTabs: { name: "x" } }],
  ])(
    "%s: renders its children, failed with the StompConfigError, calls onError, opens no socket",
    async (_, bad) => {
      const sockets = vi.fn();
      const original = globalThis.WebSocket;
      globalThis.WebSocket = sockets as never;
      const errors: StompkitError[] = [];
      try {
        render(
          <StrictMode>
            <StompProvider {...(bad as object)} onError={(e) => errors.push(e)}>
              <Status />
            </StompProvider>
          </StrictMode>,
        );
        await flush();
        await act(() => vi.advanceTimersByTimeAsync(60_000));
        expect(screen.getByText("status: failed / StompConfigError")).toBeInTheDocument();
        expect(errors.length).toBeGreaterThanOrEqual(1);
        for (const e of errors) expect(e).toBeInstanceOf(StompConfigError);
        expect(sockets).not.toHaveBeenCalled();
      } finally {
        globalThis.WebSocket = original;
      }
    },
  );

  it("a bad option in a later render goes to lastError and onError; the socket stays up", async () => {
    const broker = createFakeBroker();
    const errors: StompkitError[] = [];
    let setTimeoutMs!: (n: number) => void;
    function App() {
      const [connectTimeout, set] = useState(5000);
      setTimeoutMs = set;
      return (
        <StompProvider
          webSocketFactory={broker.webSocketFactory}
          heartbeat={{ outgoing: 0, incoming: 0 }}
          connectTimeout={connectTimeout}
          onError={(e) => errors.push(e)}
        >
          <Status />
        </StompProvider>
      );
    }
    render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
    await flush();
    expect(screen.getByText("status: open / none")).toBeInTheDocument();
    act(() => setTimeoutMs(Number.NaN));
    await flush();
    expect(screen.getByText("status: open / StompConfigError")).toBeInTheDocument();
    expect(errors[0]).toBeInstanceOf(StompConfigError);
    expect(errors[0]!.message).toMatch(/connectTimeout/);
    expect(broker.connectionCount).toBe(1);
  });

  it("fixing the props in a later render creates the session and connects", async () => {
    const broker = createFakeBroker();
    let fix!: () => void;
    function App() {
      const [good, setGood] = useState(false);
      fix = () => setGood(true);
      return (
        <StompProvider
          webSocketFactory={good ? broker.webSocketFactory : undefined}
          url={good ? undefined : "http://example.com/ws"}
          heartbeat={{ outgoing: 0, incoming: 0 }}
        >
          <Status />
        </StompProvider>
      );
    }
    render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
    await flush();
    expect(screen.getByText("status: failed / StompConfigError")).toBeInTheDocument();
    expect(broker.connectionCount).toBe(0);
    act(() => fix());
    await flush();
    expect(screen.getByText("status: open / none")).toBeInTheDocument();
    expect(broker.connectionCount).toBe(1);
  });

  it("an onError that sets state hears of the problem once, without a render loop", async () => {
    const onError = vi.fn();
    let renders = 0;
    function App() {
      const [, setError] = useState<unknown>();
      renders++;
      return (
        <StompProvider
          url="ftp://example.com/ws"
          onError={(e) => {
            onError(e);
            setError(e);
          }}
        >
          <Status />
        </StompProvider>
      );
    }
    render(<App />);
    await flush();
    await flush();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(StompConfigError);
    expect(renders).toBeLessThanOrEqual(3);
  });
});
