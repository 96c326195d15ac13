import { act, screen } from "@testing-library/react";
import { DuplicateReceiptError, useReceipt, useSend } from "stompkit";
import { createFakeBroker } from "stompkit/testing";
import { renderWithStomp } from "stompkit/testing/react";

beforeEach(() => {
  vi.useFakeTimers();
});

const tick = (ms = 0) => act(() => vi.advanceTimersByTimeAsync(ms));

// issue 6 §2
describe("useReceipt", () => {
  it.each(["order-1", "constructor", "__proto__", "toString"])(
    "shows queued while the send %s waits offline, then pending on the wire, then received",
    async (id) => {
      let send!: ReturnType<typeof useSend>["send"];
      const seen: string[] = [];
      function Status() {
        send = useSend().send;
        const { status } = useReceipt(id);
        seen.push(status);
        return <p>receipt {status}</p>;
      }
      const broker = createFakeBroker();
      broker.refuseConnections();
      renderWithStomp(<Status />, { broker, session: { reconnect: { initialDelay: 100 } } });
      await tick();
      expect(screen.getByText("receipt idle")).toBeInTheDocument();
      broker.delayReceipts(50);
      let outcome: Promise<unknown> | undefined;
      act(() => {
        outcome = send("/app/orders", { n: 1 }, { receipt: id });
      });
      expect(screen.getByText("receipt queued")).toBeInTheDocument();
      expect(broker.count("SEND")).toBe(0);
      broker.refuseConnections(false);
      await tick(100);
      expect(screen.getByText("receipt pending")).toBeInTheDocument();
      expect(broker.count("SEND")).toBe(1);
      await tick(50);
      expect(screen.getByText("receipt received")).toBeInTheDocument();
      await expect(outcome).resolves.toMatchObject({ receiptId: id });
      expect(seen).not.toContain("failed");
    },
  );

  it("refuses a double click with the same receipt id, and the first send still settles", async () => {
    let send!: ReturnType<typeof useSend>["send"];
    function Order() {
      send = useSend().send;
      return <p>receipt {useReceipt("order-42").status}</p>;
    }
    const { broker } = renderWithStomp(<Order />);
    await tick();
    broker.delayReceipts(200);
    let first: Promise<unknown> | undefined;
    let second: Promise<unknown> | undefined;
    act(() => {
      first = send("/app/orders", "a", { receipt: "order-42" });
      second = send("/app/orders", "a", { receipt: "order-42" });
    });
    // The refusal updates useSend's state: awaited inside act.
    await act(async () => {
      await expect(second).rejects.toBeInstanceOf(DuplicateReceiptError);
    });
    expect(broker.count("SEND")).toBe(1);
    expect(screen.getByText("receipt pending")).toBeInTheDocument();
    await tick(200);
    await expect(first).resolves.toMatchObject({ receiptId: "order-42" });
    expect(screen.getByText("receipt received")).toBeInTheDocument();
  });
});
