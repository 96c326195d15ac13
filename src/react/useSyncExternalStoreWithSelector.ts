import { useEffect, useMemo, useRef, useSyncExternalStore } from "react";

/**
 * React's own `useSyncExternalStore` plus a selector, in place of the `use-sync-external-store`
 * shim (React ≥ 18 is the peer). The selection is memoized on the snapshot's identity, so a selector
 * written inline — even one that builds a new object — cannot loop; with `isEqual` an equal selection
 * keeps the previous reference and the component does not re-render.
 * @internal
 */
export function useSyncExternalStoreWithSelector<Snapshot, Selection>(
  subscribe: (notify: () => void) => () => void,
  getSnapshot: () => Snapshot,
  getServerSnapshot: () => Snapshot,
  selector: (snapshot: Snapshot) => Selection,
  isEqual?: (a: Selection, b: Selection) => boolean,
): Selection {
  // The last committed selection (written in an effect, never during render).
  const committed = useRef<{ value: Selection } | null>(null);
  const [getSelection, getServerSelection] = useMemo(() => {
    let memo: { snapshot: Snapshot; selection: Selection } | undefined;
    const select = (snapshot: Snapshot): Selection => {
      if (memo && Object.is(memo.snapshot, snapshot)) return memo.selection;
      let selection = selector(snapshot);
      const previous = memo ? memo.selection : committed.current?.value;
      if (isEqual && (memo || committed.current) && isEqual(previous as Selection, selection)) {
        selection = previous as Selection;
      }
      memo = { snapshot, selection };
      return selection;
    };
    return [() => select(getSnapshot()), () => select(getServerSnapshot())];
  }, [getSnapshot, getServerSnapshot, selector, isEqual]);
  const value = useSyncExternalStore(subscribe, getSelection, getServerSelection);
  useEffect(() => {
    committed.current = { value };
  }, [value]);
  return value;
}
