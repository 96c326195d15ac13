import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { ReceiptComposer } from "./components/ReceiptComposer";
import { TickerBoard } from "./components/TickerBoard";
import { type FakeBrokerParameters, getFakeBroker } from "./decorators/withFakeBroker";

const meta = {
  title: "Hooks/Live data",
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

const timeout = 10_000;

/** Four components read one destination: one SUBSCRIBE on the wire, each re-renders for its own symbol only. */
export const SharedSubscription: Story = {
  render: () => <TickerBoard />,
  play: async (context) => {
    const canvas = within(context.canvasElement);
    const broker = getFakeBroker(context);
    await waitFor(() => expect(canvas.getByText(/ticks \(ready\)/)).toBeVisible(), { timeout });
    await waitFor(
      () => expect(context.canvasElement.querySelector('[data-symbol="INITECH"]')).not.toHaveTextContent("—"),
      {
        timeout,
      },
    );
    await expect(broker.count("SUBSCRIBE")).toBe(1); // StrictMode double mount included
    await expect(broker.subscriptionCount("/topic/ticks")).toBe(1);
  },
};

/** After a dropped connection the shared subscription is re-issued once, and ticks flow again. */
export const ResubscribedAfterDrop: Story = {
  render: () => <TickerBoard />,
  parameters: { fakeBroker: { dropAfter: 600 } satisfies FakeBrokerParameters },
  play: async (context) => {
    const broker = getFakeBroker(context);
    await waitFor(() => expect(broker.connectionCount).toBe(2), { timeout });
    await waitFor(() => expect(broker.subscriptionCount("/topic/ticks")).toBe(1), { timeout });
    await expect(broker.count("SUBSCRIBE")).toBe(2);
    const before = broker.framesOf("MESSAGE", "out").length;
    await waitFor(() => expect(broker.framesOf("MESSAGE", "out").length).toBeGreaterThan(before + 2), {
      timeout,
    });
  },
};

/** A send with a receipt: pending, then received. */
export const SendWithReceipt: Story = {
  render: () => <ReceiptComposer />,
  play: async (context) => {
    const canvas = within(context.canvasElement);
    const broker = getFakeBroker(context);
    await waitFor(() => expect(canvas.getByText("connection: open")).toBeVisible(), { timeout });
    broker.delayReceipts(400);
    await userEvent.click(canvas.getByRole("button", { name: "Send with receipt" }));
    await waitFor(() => expect(canvas.getByRole("status")).toHaveAttribute("data-receipt", "pending"), {
      timeout,
    });
    await waitFor(
      () => expect(canvas.getByRole("status")).toHaveTextContent("receipt: received — delivered"),
      {
        timeout,
      },
    );
    await expect(broker.framesOf("SEND")[0]?.headers["x-idempotency-key"]).toBeTruthy();
  },
};

/** Sent while the broker is unreachable: the note waits in the outbox and goes out after the reconnect. */
export const OfflineOutbox: Story = {
  render: () => <ReceiptComposer />,
  parameters: { fakeBroker: { dropAfter: 300, refuseAfterDrop: true } satisfies FakeBrokerParameters },
  play: async (context) => {
    const canvas = within(context.canvasElement);
    const broker = getFakeBroker(context);
    await waitFor(() => expect(canvas.getByText("connection: reconnecting")).toBeVisible(), { timeout });
    await userEvent.click(canvas.getByRole("button", { name: "Send with receipt" }));
    await expect(broker.framesOf("SEND")).toHaveLength(0);
    broker.refuseConnections(false);
    await waitFor(
      () => expect(canvas.getByRole("status")).toHaveTextContent("receipt: received — delivered"),
      {
        timeout,
      },
    );
    await expect(broker.framesOf("SEND")).toHaveLength(1);
  },
};
