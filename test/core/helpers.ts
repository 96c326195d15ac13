// Core tests run in plain Node and must not load React; "stompkit/testing" does not (renderWithStomp lives
// in "stompkit/testing/react"), which test/core/testingEntry.test.ts checks.
import { EventEmitter } from "node:events";
import { createStompSession, type SessionEnvironment, type StompSessionOptions } from "stompkit/core";
import { createFakeBroker, type FakeBrokerOptions } from "stompkit/testing";

export function setup(options: Partial<StompSessionOptions> = {}, brokerOptions: FakeBrokerOptions = {}) {
  const broker = createFakeBroker(brokerOptions);
  const errors: unknown[] = [];
  const session = createStompSession({
    webSocketFactory: broker.webSocketFactory,
    heartbeat: { outgoing: 0, incoming: 0 },
    reconnect: { initialDelay: 1000, maxDelay: 30_000 },
    onError: (e) => errors.push(e),
    ...options,
  });
  return { broker, session, errors };
}

/** Lets queued microtasks (socket events) run without moving the clock. */
export const flush = () => vi.advanceTimersByTimeAsync(0);

/**
 * Ends the task: ACK/NACK frames wait for the end of the task that made them (a 0 ms timer, which
 * fake timers run 1 ms on when it was set during a tick), then go out together.
 */
export const acksSent = () => vi.advanceTimersByTimeAsync(1);

/** A mounted session, connected to a fresh broker (reconnect after 100 ms). */
export async function connected(
  options: Partial<StompSessionOptions> = {},
  brokerOptions: FakeBrokerOptions = {},
) {
  const ctx = setup({ reconnect: { initialDelay: 100 }, ...options }, brokerOptions);
  const release = ctx.session.mount();
  await flush();
  return { ...ctx, release };
}

/** A stand-in for `window`: online/offline events and a document with visibilityState. */
export function fakeWindow() {
  const win = new EventEmitter();
  const doc = new EventEmitter();
  const env = {
    navigator: { onLine: true as boolean },
    addEventListener: (t: string, l: () => void) => void win.on(t, l),
    removeEventListener: (t: string, l: () => void) => void win.off(t, l),
    document: {
      visibilityState: "visible" as string,
      addEventListener: (t: string, l: () => void) => void doc.on(t, l),
      removeEventListener: (t: string, l: () => void) => void doc.off(t, l),
    },
  } satisfies SessionEnvironment;
  return {
    env,
    win,
    doc,
    listeners: () =>
      win.listenerCount("online") + win.listenerCount("offline") + doc.listenerCount("visibilitychange"),
  };
}
