import { useCallback, useEffect, useRef, useState } from "react";

/**
 * State that is controlled when `value` is given and uncontrolled otherwise (Radix
 * `useControllableState`); `onChange` is called either way and may be a new inline function each
 * render. @internal
 */
export function useControllableState<T>(
  value: T | undefined,
  defaultValue: T,
  onChange: ((value: T) => void) | undefined,
): [T, (next: T) => void] {
  const [own, setOwn] = useState(defaultValue);
  const controlled = value !== undefined;
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  const set = useCallback(
    (next: T) => {
      if (!controlled) setOwn(next);
      latest.current?.(next);
    },
    [controlled],
  );
  return [controlled ? value : own, set];
}
