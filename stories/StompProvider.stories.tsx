import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor, within } from "storybook/test";
import { ConnectionBadge } from "./components/ConnectionBadge";
import { type FakeBrokerParameters, getFakeBroker } from "./decorators/withFakeBroker";

/**
 * One `StompProvider` per story, connected to an in-memory broker scripted by `parameters.fakeBroker`
 * (see `stories/decorators/withFakeBroker.tsx`, registered in `.storybook/preview.tsx`). Each story
 * shows one connection state; its `play` function checks it, and runs as a test in Chromium
 * (`vitest run --project storybook`).
 */
const meta = {
  title: "Core/StompProvider",
  component: ConnectionBadge,
} satisfies Meta<typeof ConnectionBadge>;

export default meta;
type Story = StoryObj<typeof meta>;

// Retries use real timers with jitter; leave room for a loaded CI machine.
const timeout = 10_000;

/** The value next to a `<dt>` label of the badge. */
function field(status: HTMLElement, label: string) {
  return within(status).getByText(label, { selector: "dt" }).nextElementSibling as HTMLElement;
}

/** The socket is open but CONNECTED never comes (delayed ten minutes, no connect timeout). */
export const Connecting: Story = {
  parameters: {
    fakeBroker: {
      delayConnected: 600_000,
      session: { connectTimeout: 0 },
    } satisfies FakeBrokerParameters,
  },
  play: async (context) => {
    const status = within(context.canvasElement).getByRole("status");
    const broker = getFakeBroker(context);
    await waitFor(() => expect(broker.count("CONNECT")).toBe(1), { timeout });
    await expect(status).toHaveAttribute("data-status", "connecting");
    await expect(status).toHaveTextContent("Connecting…");
    await expect(field(status, "Attempt")).toHaveTextContent(/^1$/);
    await expect(field(status, "Server")).toHaveTextContent("unknown");
  },
};

/** CONNECTED arrived: the server is known and the attempt counter is back to 0. */
export const Open: Story = {
  play: async (context) => {
    const status = within(context.canvasElement).getByRole("status");
    await waitFor(() => expect(status).toHaveAttribute("data-status", "open"), { timeout });
    await expect(status).toHaveTextContent("Connected");
    await expect(field(status, "Attempt")).toHaveTextContent(/^0$/);
    await expect(field(status, "Last error")).toHaveTextContent("none");
    await expect(field(status, "Server")).toHaveTextContent("stompkit-fake-broker/1");
    // StrictMode mounts the provider twice; the session still opens a single socket.
    const broker = getFakeBroker(context);
    await expect(broker.connectionCount).toBe(1);
    await expect(broker.openConnections()).toHaveLength(1);
  },
};

/** Connected, then the broker goes away (drop, then every new socket refused): retries with backoff. */
export const Reconnecting: Story = {
  parameters: {
    fakeBroker: { dropAfter: 500, refuseAfterDrop: true } satisfies FakeBrokerParameters,
  },
  play: async (context) => {
    const status = within(context.canvasElement).getByRole("status");
    const broker = getFakeBroker(context);
    await waitFor(() => expect(status).toHaveAttribute("data-status", "reconnecting"), { timeout });
    await expect(status).toHaveTextContent("Reconnecting…");
    await expect(field(status, "Last error")).toHaveTextContent(/^CONNECTION_(LOST|FAILED)$/);
    // The server of the lost connection stays visible.
    await expect(field(status, "Server")).toHaveTextContent("stompkit-fake-broker/1");
    // It keeps trying (no maxAttempts) and stays in `reconnecting`.
    await waitFor(() => expect(broker.connectionCount).toBeGreaterThanOrEqual(3), { timeout });
    await expect(status).toHaveAttribute("data-status", "reconnecting");
    await expect(field(status, "Last error")).toHaveTextContent(/^CONNECTION_FAILED$/);
  },
};

/** The broker refuses every socket and `reconnect.maxAttempts` is 2: the session gives up. */
export const Failed: Story = {
  parameters: {
    fakeBroker: { refuse: true, maxAttempts: 2 } satisfies FakeBrokerParameters,
  },
  play: async (context) => {
    const status = within(context.canvasElement).getByRole("status");
    await waitFor(() => expect(status).toHaveAttribute("data-status", "failed"), { timeout });
    await expect(status).toHaveTextContent("Connection failed");
    await expect(field(status, "Attempt")).toHaveTextContent(/^2$/);
    await expect(field(status, "Last error")).toHaveTextContent(/^CONNECTION_FAILED$/);
    await expect(getFakeBroker(context).connectionCount).toBe(2);
  },
};

/**
 * The broker sends an ERROR frame on the open connection and closes it: `SERVER_ERROR`, then a
 * reconnect (slowed down here so the state can be seen) that opens again and clears the error.
 */
export const ServerError: Story = {
  parameters: {
    fakeBroker: {
      errorAfter: 500,
      errorMessage: "Broker is restarting",
      reconnect: { minDelay: 1500, initialDelay: 2000 },
    } satisfies FakeBrokerParameters,
  },
  play: async (context) => {
    const status = within(context.canvasElement).getByRole("status");
    const broker = getFakeBroker(context);
    await waitFor(() => expect(field(status, "Last error")).toHaveTextContent(/^SERVER_ERROR$/), {
      timeout,
    });
    await expect(status).toHaveAttribute("data-status", "reconnecting");
    await expect(field(status, "Last error")).toHaveAttribute(
      "title",
      "ERROR from the broker: Broker is restarting",
    );
    await waitFor(() => expect(status).toHaveAttribute("data-status", "open"), { timeout });
    await expect(field(status, "Last error")).toHaveTextContent("none");
    await expect(broker.framesOf("ERROR", "out")).toHaveLength(1);
    await expect(broker.connectionCount).toBe(2);
  },
};
