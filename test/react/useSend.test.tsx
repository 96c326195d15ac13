import { act, render, screen } from "@testing-library/react";
import { StrictMode, useState } from "react";
import { OutboxFullError, StompProvider, useConnectionState, useReceipt, useSend } from "stompkit";
import { createStompSession } from "stompkit/core";
import { createFakeBroker } from "stompkit/testing";
import { renderWithStomp } from "stompkit/testing/react";

beforeEach(() => {
  vi.useFakeTimers();
});

const tick = (ms = 0) => act(() => vi.advanceTimersByTimeAsync(ms));

describe("useSend", () => {
  it("returns a stable send function across renders", async () => {
    const sends: unknown[] = [];
    let rerender!: () => void;
    function Composer() {
      const [, set] = useState(0);
      rerender = () => set((n) => n + 1);
      sends.push(useSend().send);
      return null;
    }
    renderWithStomp(<Composer />);
    await tick();
    act(() => rerender());
    expect(new Set(sends).size).toBe(1);
  });

  it("sends JSON, and resolves after the RECEIPT", async () => {
    let send!: ReturnType<typeof useSend>["send"];
    function Composer() {
      send = useSend().send;
      return null;
    }
    const { broker } = renderWithStomp(<Composer />);
    await tick();
    let result: Awaited<ReturnType<typeof send>> | undefined;
    await act(async () => {
      result = await send("/app/chat", { text: "hi" }, { receipt: true });
    });
    expect(result?.receiptId).toBeTruthy();
    expect(broker.framesOf("SEND")[0]).toMatchObject({
      body: '{"text":"hi"}',
      headers: { "content-type": "application/json", destination: "/app/chat" },
    });
  });

  it("queues while offline and rejects with a typed error when the outbox is full", async () => {
    let send!: ReturnType<typeof useSend>["send"];
    function Composer() {
      send = useSend().send;
      return <p>{useConnectionState((s) => s.status)}</p>;
    }
    const { broker } = renderWithStomp(<Composer />, {
      session: { outbox: { maxMessages: 1 }, reconnect: { initialDelay: 100 } },
    });
    await tick();
    act(() => broker.dropAll());
    await tick();
    expect(screen.getByText("reconnecting")).toBeInTheDocument();
    let first!: Promise<unknown>;
    let second!: Promise<unknown>;
    act(() => {
      first = send("/app/a", "1");
      second = send("/app/a", "2");
    });
    await act(() => expect(second).rejects.toBeInstanceOf(OutboxFullError));
    await tick(100);
    await act(() => first);
    expect(broker.framesOf("SEND").map((f) => f.body)).toEqual(["1"]);
  });
});

describe("useReceipt", () => {
  it("shows pending, then received", async () => {
    let send!: ReturnType<typeof useSend>["send"];
    function Status() {
      send = useSend().send;
      return <p>receipt {useReceipt("r-1").status}</p>;
    }
    const { broker } = renderWithStomp(<Status />);
    await tick();
    expect(screen.getByText("receipt idle")).toBeInTheDocument();
    broker.delayReceipts(500);
    act(() => void send("/app/a", "x", { receipt: "r-1" }));
    await tick();
    expect(screen.getByText("receipt pending")).toBeInTheDocument();
    await tick(500);
    expect(screen.getByText("receipt received")).toBeInTheDocument();
  });

  it("shows timeout when the RECEIPT does not come in time", async () => {
    let send!: ReturnType<typeof useSend>["send"];
    function Status() {
      send = useSend().send;
      return <p>receipt {useReceipt("r-2").status}</p>;
    }
    const { broker } = renderWithStomp(<Status />, { session: { outbox: { receiptTimeout: 1000 } } });
    await tick();
    broker.swallowReceipts();
    act(() => void send("/app/a", "x", { receipt: "r-2" }).catch(() => {}));
    await tick(1000);
    expect(screen.getByText("receipt timeout")).toBeInTheDocument();
  });

  // case 41
  it("does not update an unmounted component, and leaves no watcher behind", async () => {
    const broker = createFakeBroker();
    const session = createStompSession({
      webSocketFactory: broker.webSocketFactory,
      heartbeat: { outgoing: 0, incoming: 0 },
    });
    // Count the live listeners on the receipt store: a `useReceipt` that outlived its component keeps one.
    const store = session.receipts.store;
    const subscribe = store.subscribe;
    let live = 0;
    store.subscribe = (listener) => {
      live++;
      const off = subscribe(listener);
      let done = false;
      return () => {
        if (!done) live--;
        done = true;
        off();
      };
    };
    let send!: ReturnType<typeof useSend>["send"];
    let hide!: () => void;
    function Status() {
      return <p>receipt {useReceipt("r-3").status}</p>;
    }
    function App() {
      send = useSend().send;
      const [shown, setShown] = useState(true);
      hide = () => setShown(false);
      return shown ? <Status /> : null;
    }
    render(
      <StrictMode>
        <StompProvider session={session}>
          <App />
        </StompProvider>
      </StrictMode>,
    );
    await tick();
    broker.delayReceipts(500);
    act(() => void send("/app/a", "x", { receipt: "r-3" }));
    await tick();
    expect(screen.getByText("receipt pending")).toBeInTheDocument();
    const mounted = live;
    expect(mounted).toBeGreaterThanOrEqual(1); // Status listens while mounted
    act(() => hide());
    expect(live).toBe(mounted - 1); // … and not after
    await tick(500); // RECEIPT arrives after unmount: no update, no React warning (console.error fails tests)
    expect(session.receipts.store.getState().get("r-3")?.status).toBe("received");
    expect(session.receipts.diagnostics()).toEqual({ waits: 0, timers: 0 });
  });
});
