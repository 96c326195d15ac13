import { act, screen } from "@testing-library/react";
import { OutboxFullError, type SendResult, useSend } from "stompkit";
import { renderWithStomp } from "stompkit/testing/react";

beforeEach(() => {
  vi.useFakeTimers();
});

const tick = (ms = 0) => act(() => vi.advanceTimersByTimeAsync(ms));

describe("useSend, mutation-style", () => {
  it("gives each send its own receipt id: a double click sends twice and both settle", async () => {
    let api!: ReturnType<typeof useSend>;
    function Button() {
      api = useSend();
      return (
        <p>
          {api.status} {api.data?.receiptId ?? "-"}
        </p>
      );
    }
    const { broker } = renderWithStomp(<Button />);
    await tick();
    broker.delayReceipts(300);
    const results: SendResult[] = [];
    act(() => {
      for (let i = 0; i < 2; i++)
        void api.send("/app/order", { n: i }, { receipt: true }).then((r) => results.push(r));
    });
    await tick();
    expect(screen.getByText("pending -")).toBeInTheDocument();
    await tick(300);
    const ids = broker.framesOf("SEND").map((f) => f.headers.receipt);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(results.map((r) => r.receiptId)).toEqual(ids);
    expect(screen.getByText(`success ${ids[1]}`)).toBeInTheDocument(); // the LAST send's state
  });

  it("keeps send stable across status changes, and reports the last send's typed error without an unhandled rejection", async () => {
    const sends = new Set<unknown>();
    let api!: ReturnType<typeof useSend>;
    function Composer() {
      api = useSend();
      sends.add(api.send);
      return (
        <p>
          {api.status} {api.error?.code ?? "-"}
        </p>
      );
    }
    const { broker } = renderWithStomp(<Composer />, {
      session: { outbox: { maxMessages: 1 }, reconnect: { initialDelay: 100 } },
    });
    await tick();
    act(() => broker.dropAll());
    await tick();
    act(() => {
      void api.send("/app/a", "queued");
      void api.send("/app/a", "overflow"); // fire and forget: the failure is state, not an unhandled rejection
    });
    await tick();
    expect(screen.getByText("error OUTBOX_FULL")).toBeInTheDocument();
    expect(api.error).toBeInstanceOf(OutboxFullError);
    await tick(100);
    expect(broker.framesOf("SEND").map((f) => f.body)).toEqual(["queued"]);
    expect(screen.getByText("error OUTBOX_FULL")).toBeInTheDocument(); // an older send does not overwrite
    act(() => api.reset());
    expect(screen.getByText("idle -")).toBeInTheDocument();
    expect(sends.size).toBe(1);
  });

  it("still rejects for a caller that awaits, and ignores a send settling after reset", async () => {
    let api!: ReturnType<typeof useSend>;
    function Composer() {
      api = useSend();
      return <p>status {api.status}</p>;
    }
    const { broker } = renderWithStomp(<Composer />);
    await tick();
    let bad!: Promise<SendResult>;
    act(() => {
      bad = api.send("/app/a", "x", { headers: { "x-evil": "1\nreceipt:r" } });
    });
    await act(() => expect(bad).rejects.toMatchObject({ code: "INVALID_HEADER" }));
    expect(screen.getByText("status error")).toBeInTheDocument();
    broker.delayReceipts(300);
    act(() => void api.send("/app/a", "y", { receipt: true }));
    expect(screen.getByText("status pending")).toBeInTheDocument();
    act(() => api.reset());
    await tick(300);
    expect(screen.getByText("status idle")).toBeInTheDocument();
    expect(broker.framesOf("SEND").map((f) => f.body)).toEqual(["y"]);
  });
});
