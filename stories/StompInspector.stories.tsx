import type { Meta, StoryContext, StoryObj } from "@storybook/react-vite";
import { useSubscription } from "stompkit";
import { useChatThread } from "stompkit/chat";
import { StompInspector } from "stompkit/devtools";
import { expect, userEvent, waitFor, within } from "storybook/test";
import type { FakeBrokerHarness, FakeBrokerParameters, StompXParameters } from "./decorators/withFakeBroker";

/**
 * `<StompInspector>` (`stompkit/devtools`) on the story's in-memory broker, one story per tab. Each
 * `play` drives the session (subscribe, publish, send, drop) and asserts by role; axe checks every
 * story afterwards.
 */
const meta = {
  title: "Devtools/StompInspector",
  component: StompInspector,
  parameters: {
    layout: "padded",
    // a passcode on CONNECT: the Frames tab shows it masked
    fakeBroker: {
      session: { connectHeaders: { login: "guest", passcode: "story-passcode" } },
    } satisfies FakeBrokerParameters,
  },
} satisfies Meta<typeof StompInspector>;

export default meta;
type Story = StoryObj<typeof meta>;

const timeout = 10_000;
const harness = (context: Pick<StoryContext, "loaded">) => context.loaded.fakeBroker as FakeBrokerHarness;
const panel = (context: StoryContext, name: string | RegExp) =>
  within(context.canvasElement).getByRole("tabpanel", { name });

/** Two components on one destination: one SUBSCRIBE, ref-count 2. */
function Ticker({ destination }: { destination: string }) {
  const last = useSubscription<{ price?: number }, number | undefined>(destination, {
    select: (s) => s.last?.body.price,
  });
  return (
    <p>
      Last price on {destination}: {last ?? "none yet"}
    </p>
  );
}

/** A headless chat thread: its store registers with the session, the Chat tab lists it. */
function Thread({ thread }: { thread: string }) {
  const { messages } = useChatThread({ thread });
  return (
    <p>
      Thread {thread}: {messages.length} messages loaded
    </p>
  );
}

export const Connection: Story = {
  args: { defaultTab: "connection" },
  play: async (context) => {
    const tab = panel(context, "Connection");
    await waitFor(
      () => expect(within(tab).getByText("Status", { selector: "dt" }).nextSibling).toHaveTextContent("open"),
      { timeout },
    );
    await expect(within(tab).getByText("STOMP version", { selector: "dt" }).nextSibling).toHaveTextContent(
      "1.2",
    );
    // keyboard: the tabs move with the arrow keys
    await userEvent.click(within(context.canvasElement).getByRole("tab", { name: "Connection" }));
    await userEvent.keyboard("{ArrowRight}");
    await expect(within(context.canvasElement).getByRole("tab", { name: /Subscriptions/ })).toHaveFocus();
    await userEvent.keyboard("{Home}");
  },
};

export const Subscriptions: Story = {
  args: { defaultTab: "subscriptions" },
  render: (args) => (
    <>
      <Ticker destination="/topic/prices" />
      <Ticker destination="/topic/prices" />
      <StompInspector {...args} />
    </>
  ),
  play: async (context) => {
    const tab = panel(context, /Subscriptions/);
    const row = await within(tab).findByRole("row", { name: /\/topic\/prices/ }, { timeout });
    await waitFor(() => expect(row).toHaveTextContent(/\/topic\/prices\s*2\s*ready/), { timeout });
    harness(context).broker.publish("/topic/prices", JSON.stringify({ price: 42 }));
    await within(context.canvasElement).findAllByText("Last price on /topic/prices: 42", {}, { timeout });
  },
};

export const Receipts: Story = {
  args: { defaultTab: "receipts", refreshInterval: 200 },
  play: async (context) => {
    const { broker, session } = harness(context);
    await waitFor(() => expect(session.connected).toBe(true), { timeout });
    broker.swallowReceipts(); // the broker never confirms: the receipt stays pending and ages
    void session.send("/queue/orders", { id: 1 }, { receipt: "order-1", timeout: 600_000 }).catch(() => {});
    const tab = panel(context, "Receipts");
    await within(tab).findByRole("row", { name: /order-1 pending/ }, { timeout });
  },
};

export const Outbox: Story = {
  args: { defaultTab: "outbox", refreshInterval: 200 },
  parameters: {
    fakeBroker: { reconnect: { initialDelay: 600_000, maxDelay: 600_000 } } satisfies FakeBrokerParameters,
  },
  play: async (context) => {
    const { broker, session } = harness(context);
    await waitFor(() => expect(session.connected).toBe(true), { timeout });
    broker.refuseConnections();
    broker.dropAll();
    await waitFor(() => expect(session.connected).toBe(false), { timeout });
    void session.send("/queue/orders", { id: 1 }).catch(() => {});
    void session.send("/queue/orders", { id: 2 }).catch(() => {});
    const tab = panel(context, "Outbox");
    await waitFor(() => expect(within(tab).getByText("Queued sends").nextSibling).toHaveTextContent("2"), {
      timeout,
    });
  },
};

export const Frames: Story = {
  args: { defaultTab: "frames" },
  render: (args) => (
    <>
      <Ticker destination="/topic/prices" />
      <Ticker destination="/topic/news" />
      <StompInspector {...args} />
    </>
  ),
  play: async (context) => {
    const { broker } = harness(context);
    const tab = panel(context, "Frames");
    const connect = await within(tab).findByRole("row", { name: /sent CONNECT/ }, { timeout });
    await expect(connect).toHaveTextContent("passcode:***");
    await expect(context.canvasElement).not.toHaveTextContent("story-passcode");
    await within(tab).findByRole("row", { name: /sent SUBSCRIBE \/topic\/news/ }, { timeout });
    broker.publish("/topic/prices", JSON.stringify({ price: 7 }));
    broker.publish("/topic/news", JSON.stringify({ headline: "hello" }));
    await within(tab).findByRole("row", { name: /received MESSAGE \/topic\/news/ }, { timeout });
    await userEvent.type(within(tab).getByRole("searchbox", { name: "Filter by destination" }), "prices");
    await waitFor(() => expect(within(tab).queryByRole("row", { name: /\/topic\/news/ })).toBeNull(), {
      timeout,
    });
    await userEvent.click(within(tab).getByRole("button", { name: "Pause" }));
    await expect(within(tab).getByRole("button", { name: "Resume" })).toHaveAttribute("aria-pressed", "true");
  },
};

export const Chat: Story = {
  args: { defaultTab: "chat" },
  parameters: { stompx: { seed: { "1": ["Hello", "World"] } } satisfies StompXParameters },
  render: (args) => (
    <>
      <Thread thread="1" />
      <StompInspector {...args} />
    </>
  ),
  play: async (context) => {
    const tab = panel(context, "Chat");
    const thread = await within(tab).findByRole("region", { name: "Thread 1" }, { timeout });
    await waitFor(
      () => expect(within(thread).getByText("Messages in window").nextSibling).toHaveTextContent("2"),
      { timeout },
    );
    await expect(within(thread).getByText("Last gap-fill").nextSibling).toHaveTextContent("never");
  },
};
