/** Longest wait for a frame (a hidden tab has none): the window is trimmed at least this often. */
const FRAME_FALLBACK_MS = 250;

type Raf = (cb: () => void) => number;
type CancelRaf = (id: number) => void;

/**
 * Runs `flush` once soon, however often it is asked before that: on the next animation frame where
 * `requestAnimationFrame` exists (at most one store notification, hence one React commit, per frame
 * however fast messages come), else in a task (`setTimeout(0)`, Node and workers). A tab without
 * frames (hidden) still flushes within 250 ms, so the window is trimmed there too. Works with fake
 * timers (both are faked). @internal
 */
export function createFrameCommits(flush: () => void) {
  let queued = false;
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const g = globalThis as { requestAnimationFrame?: Raf; cancelAnimationFrame?: CancelRaf };
  const run = () => {
    if (!queued) return;
    queued = false;
    if (frame !== undefined) g.cancelAnimationFrame?.(frame);
    if (timer !== undefined) clearTimeout(timer);
    frame = timer = undefined;
    flush();
  };
  return {
    schedule() {
      if (queued) return;
      queued = true;
      if (typeof g.requestAnimationFrame === "function") {
        frame = g.requestAnimationFrame(run);
        timer = setTimeout(run, FRAME_FALLBACK_MS);
      } else timer = setTimeout(run, 0);
    },
    /** Drops a pending flush (the caller flushed anyway, or the store was released). */
    cancel() {
      if (!queued) return;
      queued = false;
      if (frame !== undefined) g.cancelAnimationFrame?.(frame);
      if (timer !== undefined) clearTimeout(timer);
      frame = timer = undefined;
    },
  };
}
