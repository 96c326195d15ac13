/** Runs a flush later; all messages pushed before it runs are delivered to stores in one notification. */
export type NotifyScheduler = (flush: () => void) => void;

export type NotifyOption = "frame" | "microtask" | NotifyScheduler;

const microtask: NotifyScheduler = (flush) => queueMicrotask(flush);

/**
 * `frame`: one notification per animation frame where `requestAnimationFrame` exists (at most one
 * React commit per frame however fast messages come), else per task. `microtask`: one per task.
 */
export function resolveNotifyScheduler(option: NotifyOption | undefined): NotifyScheduler {
  if (typeof option === "function") return option;
  if (option === "microtask") return microtask;
  return (flush) => {
    const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => unknown }).requestAnimationFrame;
    if (typeof raf === "function") raf(flush);
    else microtask(flush);
  };
}
