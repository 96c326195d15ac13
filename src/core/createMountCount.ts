/** What {@link createMountCount} starts and stops. */
export interface MountCountOptions {
  /** Runs when the count goes 0 → 1 and the thing is not started (a stop still pending counts as started). */
  start(): void;
  /** Runs in a microtask after the count went 1 → 0, if the count is still 0 and the thing is started. */
  stop(): void;
}

/** A ref count with a deferred stop: see {@link createMountCount}. */
export interface MountCount {
  /**
   * Counts one user and starts on the first. Returns the release: it counts the user out once
   * (calling it again does nothing) and, on the last release, stops in a microtask.
   */
  mount(): () => void;
  /** Users counted now. */
  readonly count: number;
  /** Between `start()` and `stop()`: still `true` while a deferred stop waits for its microtask. */
  readonly started: boolean;
}

/**
 * A ref-counted start/stop for code that builds on a session (a store over a `StompSession`, a
 * feature with its own subscriptions): `mount()` starts on 0 → 1 and returns a release; the last
 * release stops — deferred to a microtask, so React StrictMode's mount → unmount → mount (and any
 * release followed by a mount in the same task) keeps what `start()` set up instead of tearing it
 * down and making it again. A session's own `mount()` counts the same way.
 *
 * - `start()` runs only when not started: a mount while a stop is pending cancels that stop.
 * - `started` turns `true` before `start()` runs and `false` before `stop()` runs, so either may
 *   read it (or mount/release) reentrantly.
 * - The stop uses the global `queueMicrotask`, read at release time: not the session's `Clock`, and
 *   not faked by `vi.useFakeTimers()` (its default leaves `queueMicrotask` real). `await` anything,
 *   or `await Promise.resolve()`, after the last release to see the stop.
 *
 * @example
 * function createPresence(session: StompSession) {
 *   let handle: SubscriptionHandle<unknown> | undefined
 *   const mounts = createMountCount({
 *     start: () => { handle = session.subscriptions.subscribe('/topic/presence', {}, onPresence) },
 *     stop: () => { handle?.release(); handle = undefined },
 *   })
 *   return { mount: mounts.mount }
 * }
 * // React: useEffect(() => presence.mount(), [presence])
 * @see StompSession.mount, which a session counts the same way
 */
export function createMountCount({ start, stop }: MountCountOptions): MountCount {
  let count = 0;
  let started = false;
  return {
    mount() {
      count++;
      if (count === 1 && !started) {
        started = true;
        start();
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        count--;
        // Deferred: StrictMode's unmount → re-mount happens in the same task and keeps what start() made.
        if (count === 0)
          queueMicrotask(() => {
            if (count !== 0 || !started) return;
            started = false;
            stop();
          });
      };
    },
    get count() {
      return count;
    },
    get started() {
      return started;
    },
  };
}
