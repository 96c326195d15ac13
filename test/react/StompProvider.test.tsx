import { act, render, screen } from "@testing-library/react";
import { StrictMode, useState } from "react";
import { renderToString } from "react-dom/server";
import { StompConfigError, StompProvider, useConnectionState, useStompSession } from "stompkit";
import { createFakeBroker } from "stompkit/testing";
import { renderWithStomp } from "stompkit/testing/react";

beforeEach(() => {
  vi.useFakeTimers();
});

const flush = () => act(() => vi.advanceTimersByTimeAsync(0));

function Status() {
  const status = useConnectionState((s) => s.status);
  return <p>status: {status}</p>;
}

describe("StompProvider", () => {
  it("connects once under StrictMode and shows the status", async () => {
    const broker = createFakeBroker();
    render(
      <StrictMode>
        <StompProvider webSocketFactory={broker.webSocketFactory} heartbeat={{ outgoing: 0, incoming: 0 }}>
          <Status />
        </StompProvider>
      </StrictMode>,
    );
    expect(screen.getByText("status: connecting")).toBeInTheDocument();
    await flush();
    expect(screen.getByText("status: open")).toBeInTheDocument();
    expect(broker.connectionCount).toBe(1);
    expect(broker.count("CONNECT")).toBe(1);
  });

  // case 51 (react-stomp-hooks #6/#58)
  it("keeps one socket while the parent re-renders 100 times with inline options and callbacks", async () => {
    const broker = createFakeBroker();
    let rerender!: () => void;
    const tokens: string[] = [];
    function App() {
      const [n, setN] = useState(0);
      rerender = () => setN((x) => x + 1);
      return (
        <StompProvider
          webSocketFactory={() => broker.webSocketFactory()}
          connectHeaders={{ passcode: `token-${n}` }}
          heartbeat={{ outgoing: 0, incoming: 0 }}
          reconnect={{ initialDelay: 100 }}
          onError={(e) => tokens.push(`${n}:${e.code}`)}
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
    for (let i = 0; i < 100; i++) act(() => rerender());
    await flush();
    expect(broker.connectionCount).toBe(1);
    expect(broker.openConnections()).toHaveLength(1);

    // the newest options apply at the next (re)connect, without a new socket in between
    act(() => broker.dropAll());
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(broker.connectionCount).toBe(2);
    expect(broker.framesOf("CONNECT").map((f) => f.headers.passcode)).toEqual(["token-0", "token-100"]);
    expect(tokens).toEqual(["100:CONNECTION_LOST"]); // the latest onError
  });

  it("re-renders only consumers that select what changed across a reconnect", async () => {
    const renders = { status: 0, server: 0, plain: 0 };
    function StatusConsumer() {
      renders.status++;
      return <span>{useConnectionState((s) => s.status)}</span>;
    }
    function ServerConsumer() {
      renders.server++;
      return <span>{useConnectionState((s) => s.connected?.server ?? "")}</span>;
    }
    function Plain() {
      renders.plain++;
      useStompSession();
      return null;
    }
    const { broker } = renderWithStomp(
      <>
        <StatusConsumer />
        <ServerConsumer />
        <Plain />
      </>,
      { strictMode: false, session: { reconnect: { initialDelay: 100 } } },
    );
    await flush();
    const after = { ...renders };
    act(() => broker.dropAll());
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(screen.getByText("open")).toBeInTheDocument();
    expect(renders.plain).toBe(after.plain); // the context value is stable
    expect(renders.server).toBe(after.server); // same server: no render
    expect(renders.status).toBe(after.status + 2); // reconnecting → open
  });

  it("closes the socket when unmounted", async () => {
    const { broker, unmount, session } = renderWithStomp(<Status />);
    await flush();
    unmount();
    await flush();
    expect(broker.leaks()).toEqual({ sockets: 0, subscriptions: 0 });
    expect(session.connection.getState().status).toBe("closed");
  });

  it("throws a StompConfigError naming the fix when a hook is used outside a provider", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => render(<Status />)).toThrow(StompConfigError);
    expect(() => render(<Status />)).toThrow("useConnectionState needs a <StompProvider> above it");
    spy.mockRestore();
  });

  // case 56
  it("renders on the server without connecting; hooks report idle", () => {
    const factory = vi.fn();
    const html = renderToString(
      <StompProvider webSocketFactory={factory}>
        <Status />
      </StompProvider>,
    );
    expect(html).toContain("status: <!-- -->idle");
    expect(factory).not.toHaveBeenCalled();
  });
});

describe("StompProvider with several broker URLs", () => {
  it("moves to the next node, shows it through useConnectionState, and keeps one socket across re-renders with an inline list", async () => {
    const a = createFakeBroker();
    const b = createFakeBroker();
    a.refuseConnections();
    const opened: string[] = [];
    let rerender!: () => void;
    function Node() {
      const url = useConnectionState((s) => s.connected?.url);
      return <p>node: {url ?? "none"}</p>;
    }
    function App() {
      const [, setN] = useState(0);
      rerender = () => setN((x) => x + 1);
      return (
        <StompProvider
          url={["wss://a.example/ws", "wss://b.example/ws"]}
          webSocketFactory={(url) => {
            opened.push(url!);
            return (url === "wss://a.example/ws" ? a : b).webSocketFactory();
          }}
          heartbeat={{ outgoing: 0, incoming: 0 }}
        >
          <Node />
        </StompProvider>
      );
    }
    render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
    await flush();
    expect(screen.getByText("node: wss://b.example/ws")).toBeInTheDocument();
    for (let i = 0; i < 20; i++) act(() => rerender());
    await flush();
    expect(opened).toEqual(["wss://a.example/ws", "wss://b.example/ws"]);
    expect(b.count("CONNECT")).toBe(1);
  });
});
