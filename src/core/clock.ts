/**
 * Time and randomness, injectable so tests can drive them. The defaults read the globals at call
 * time, so `vi.useFakeTimers()` installed after a session was created still applies.
 */
export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  now(): number;
  random(): number;
}

export const systemClock: Clock = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
  random: () => Math.random(),
};

/** One named timer slot: starting it again replaces the previous one. */
export function createTimer(clock: Clock) {
  let id: unknown;
  return {
    start(ms: number, fn: () => void) {
      if (id !== undefined) clock.clearTimeout(id);
      id = clock.setTimeout(() => {
        id = undefined;
        fn();
      }, ms);
    },
    stop() {
      if (id !== undefined) clock.clearTimeout(id);
      id = undefined;
    },
    get pending() {
      return id !== undefined;
    },
  };
}
