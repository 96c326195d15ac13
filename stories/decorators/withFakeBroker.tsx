import type { Decorator, Loader, StoryContext } from "@storybook/react-vite";
import { type ReactNode, useEffect } from "react";
import { StompProvider } from "stompkit";
import {
  createStompSession,
  type ReconnectOptions,
  type StompSession,
  type StompSessionOptions,
} from "stompkit/core";
import { createFakeBroker, type FakeBroker, type FakeBrokerOptions } from "stompkit/testing";

/**
 * Story `parameters.fakeBroker`: how the in-memory broker behaves for one story.
 *
 * @example
 * export const Failed: Story = {
 *   parameters: { fakeBroker: { refuse: true, maxAttempts: 2 } satisfies FakeBrokerParameters },
 * }
 */
export interface FakeBrokerParameters {
  /** Every socket fails at once (close 1006), as when the broker is down. @default false */
  refuse?: boolean;
  /** The first `n` CONNECT frames get no answer (the connect timeout then fires). @default 0 */
  swallowConnected?: number;
  /** CONNECTED is sent this many ms after CONNECT. @default 0 */
  delayConnected?: number;
  /** Drops every socket this many ms after the first CONNECTED (once). */
  dropAfter?: number;
  /** With `dropAfter`: refuse every new socket from the drop on, so the session keeps retrying. @default false */
  refuseAfterDrop?: boolean;
  /** Sends an ERROR frame (which closes the socket) this many ms after the first CONNECTED (once). */
  errorAfter?: number;
  /** `message` header of the `errorAfter` ERROR frame. @default "Simulated broker failure" */
  errorMessage?: string;
  /** Shortcut for `reconnect.maxAttempts`. @default Infinity */
  maxAttempts?: number;
  /** Merged over the story default `{ initialDelay: 300, maxDelay: 2000 }`. */
  reconnect?: ReconnectOptions;
  /** Options of `createFakeBroker`. */
  broker?: FakeBrokerOptions;
  /** Other session options (`connectTimeout`, `debug`, …), applied last. */
  session?: Partial<StompSessionOptions>;
}

/** What `loadFakeBroker` puts in `context.loaded.fakeBroker`. */
export interface FakeBrokerHarness {
  broker: FakeBroker;
  session: StompSession;
  parameters: FakeBrokerParameters;
}

/**
 * Loader: a fresh broker and session for every story render, from `parameters.fakeBroker`.
 *
 * Why a loader rather than `useState` in the decorator: loaders run once per render *outside* React,
 * so StrictMode's double render and double effects can never create a second broker, and Storybook
 * hands the very same object to the decorator and to `play` (`context.loaded`), with no global
 * state and no `data-` attribute. Creating a session opens nothing; `StompProvider` mounts it.
 */
export const loadFakeBroker: Loader = (context) => {
  const parameters: FakeBrokerParameters = context.parameters.fakeBroker ?? {};
  const broker = createFakeBroker(parameters.broker);
  if (parameters.refuse) broker.refuseConnections();
  if (parameters.swallowConnected) broker.swallowConnected(parameters.swallowConnected);
  if (parameters.delayConnected) broker.delayConnected(parameters.delayConnected);
  const session = createStompSession({
    webSocketFactory: broker.webSocketFactory,
    // No heart-beats: a story may sit open in the browser for minutes; this keeps the fake quiet.
    heartbeat: { outgoing: 0, incoming: 0 },
    reconnect: {
      initialDelay: 300,
      maxDelay: 2000,
      ...parameters.reconnect,
      ...(parameters.maxAttempts === undefined ? {} : { maxAttempts: parameters.maxAttempts }),
    },
    ...parameters.session,
  });
  const harness: FakeBrokerHarness = { broker, session, parameters };
  return { fakeBroker: harness };
};

/**
 * Decorator: renders the story inside `<StompProvider session={…}>` connected to the broker of
 * `loadFakeBroker`, and runs the timed faults (`dropAfter`, `errorAfter`). Register both together
 * (`.storybook/preview.tsx` does, for every story).
 */
export const withFakeBroker: Decorator = (Story, context) => {
  const harness = context.loaded.fakeBroker as FakeBrokerHarness | undefined;
  if (!harness) {
    throw new Error("withFakeBroker needs the loadFakeBroker loader: add both to the story or preview.");
  }
  return (
    <FakeBrokerScript harness={harness}>
      <StompProvider session={harness.session}>
        <Story />
      </StompProvider>
    </FakeBrokerScript>
  );
};

/**
 * The broker of the story being played.
 *
 * @example
 * play: async (context) => { getFakeBroker(context).dropAll() }
 */
export function getFakeBroker(context: Pick<StoryContext, "loaded">): FakeBroker {
  const harness = context.loaded.fakeBroker as FakeBrokerHarness | undefined;
  if (!harness) throw new Error("No fake broker: is the loadFakeBroker loader registered?");
  return harness.broker;
}

/** Schedules the timed faults relative to the first CONNECTED; cleans up on unmount (and in StrictMode's fake one). */
function FakeBrokerScript({ harness, children }: { harness: FakeBrokerHarness; children: ReactNode }) {
  const { broker, session, parameters } = harness;
  const { dropAfter, refuseAfterDrop, errorAfter, errorMessage } = parameters;

  useEffect(() => {
    if (dropAfter === undefined && errorAfter === undefined) return;
    const timers: ReturnType<typeof setTimeout>[] = [];
    const arm = () => {
      if (dropAfter !== undefined) {
        timers.push(
          setTimeout(() => {
            if (refuseAfterDrop) broker.refuseConnections();
            broker.dropAll();
          }, dropAfter),
        );
      }
      if (errorAfter !== undefined) {
        timers.push(
          setTimeout(() => broker.sendError(errorMessage ?? "Simulated broker failure"), errorAfter),
        );
      }
    };
    // Armed by the first CONNECTED only, so each fault happens once per story render. StrictMode's
    // effect re-run happens before any CONNECTED (the fake socket answers on microtasks).
    let off: (() => void) | undefined;
    if (session.connection.getState().connectCount > 0) arm();
    else {
      off = session.on("connect", () => {
        off?.();
        off = undefined;
        arm();
      });
    }
    return () => {
      off?.();
      for (const timer of timers) clearTimeout(timer);
    };
  }, [broker, session, dropAfter, refuseAfterDrop, errorAfter, errorMessage]);

  return children;
}
