import type { Decorator, Loader, StoryContext } from "@storybook/react-vite";
import { type ReactNode, useEffect } from "react";
import { StompProvider } from "stompkit";
import type { ChatProfileName } from "stompkit/chat";
import {
  createStompSession,
  type ReconnectOptions,
  type StompSession,
  type StompSessionOptions,
} from "stompkit/core";
import {
  createFakeBroker,
  createStompXServer,
  type FakeBroker,
  type FakeBrokerOptions,
  type SeedMessage,
  type StompXServer,
} from "stompkit/testing";

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

/**
 * Story `parameters.stompx`: run the embedded StompX chat server (`createStompXServer` from
 * `stompkit/testing`) on the story's fake broker. The story's provider then connects as `user`
 * (CONNECT header `StompX-User`), and every name in `users` gets a session of its own (two people
 * chatting: `<StompProvider session={getStompX(context).sessions.bob}>`). `parameters.fakeBroker`
 * faults (`dropAfter`, `refuse`, …) apply to the same broker.
 *
 * @example
 * parameters: { stompx: { seed: { "1": ["Hi", { body: "Hello", user: "bob" }] } } satisfies StompXParameters }
 */
export interface StompXParameters {
  /** The dialect the server speaks. @default "stompx-2020" */
  profile?: ChatProfileName;
  /** The user of the story's own provider. @default "alice" */
  user?: string;
  /** Other users, each with its own session on the same server. */
  users?: readonly string[];
  /** History per thread id, oldest first. */
  seed?: Readonly<Record<string, readonly SeedMessage[]>>;
  /**
   * Runs on the fresh server before the story renders. For big threads: Storybook copies and merges
   * parameters, so 10,000 messages belong in a function, not in `seed`.
   */
  setup?: (server: StompXServer) => void;
  /** ms until a silent typist counts as stopped. @default 3000 */
  typingTimeout?: number;
}

/** What `loadFakeBroker` puts in `context.loaded.fakeBroker`. */
export interface FakeBrokerHarness {
  broker: FakeBroker;
  session: StompSession;
  parameters: FakeBrokerParameters;
  /** With `parameters.stompx`: the chat server and one session per extra user. */
  stompx?: { server: StompXServer; user: string; sessions: Readonly<Record<string, StompSession>> };
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
  const chat: StompXParameters | undefined = context.parameters.stompx;
  const server = chat
    ? createStompXServer({
        profile: chat.profile,
        typingTimeout: chat.typingTimeout,
        brokerOptions: parameters.broker,
      })
    : undefined;
  const broker = server?.broker ?? createFakeBroker(parameters.broker);
  if (parameters.refuse) broker.refuseConnections();
  if (parameters.swallowConnected) broker.swallowConnected(parameters.swallowConnected);
  if (parameters.delayConnected) broker.delayConnected(parameters.delayConnected);
  const makeSession = (user?: string) =>
    createStompSession({
      webSocketFactory: broker.webSocketFactory,
      // No heart-beats: a story may sit open in the browser for minutes; this keeps the fake quiet.
      heartbeat: { outgoing: 0, incoming: 0 },
      reconnect: {
        initialDelay: 300,
        maxDelay: 2000,
        ...parameters.reconnect,
        ...(parameters.maxAttempts === undefined ? {} : { maxAttempts: parameters.maxAttempts }),
      },
      ...(user === undefined ? {} : { connectHeaders: { host: "stompx", "StompX-User": user } }),
      ...parameters.session,
    });
  const user = chat ? (chat.user ?? "alice") : undefined;
  const session = makeSession(user);
  const harness: FakeBrokerHarness = { broker, session, parameters };
  if (server && user !== undefined) {
    for (const [thread, messages] of Object.entries(chat?.seed ?? {})) server.seed(thread, messages);
    chat?.setup?.(server);
    const sessions = Object.fromEntries((chat?.users ?? []).map((name) => [name, makeSession(name)]));
    harness.stompx = { server, user, sessions };
  }
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

/**
 * The StompX server and the extra users' sessions of the story being played (`parameters.stompx`).
 *
 * @example
 * play: async (context) => { getStompX(context).server.post("1", { body: "Hi", user: "bob" }) }
 */
export function getStompX(context: Pick<StoryContext, "loaded">): NonNullable<FakeBrokerHarness["stompx"]> {
  const harness = context.loaded.fakeBroker as FakeBrokerHarness | undefined;
  if (!harness?.stompx) throw new Error("No StompX server: set parameters.stompx on the story.");
  return harness.stompx;
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
