import { useCallback, useInsertionEffect, useRef } from "react";

/**
 * A stable function that always calls the latest `callback` (Radix `useCallbackRef`, React's
 * `useEffectEvent`). The ref is written in an insertion effect, never during render, so a render
 * that React throws away cannot leave a callback from it behind.
 * @internal
 */
export function useLatestCallback<Args extends unknown[], R>(
  callback: ((...args: Args) => R) | undefined,
): (...args: Args) => R | undefined {
  const ref = useRef(callback);
  useInsertionEffect(() => {
    ref.current = callback;
  });
  return useCallback((...args: Args) => ref.current?.(...args), []);
}
