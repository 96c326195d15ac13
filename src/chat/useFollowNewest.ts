import type { useVirtualizer, VirtualItem } from "@tanstack/react-virtual";
import { type RefObject, useLayoutEffect, useRef } from "react";
import type { ChatMessage } from "stompkit/chat/core";
import { messageKey } from "./messageLayout";

type Rows = ReturnType<typeof useVirtualizer<HTMLDivElement, HTMLDivElement>>;

/** Rows rendered above the viewport while the newest message is on screen. @internal */
export const NEWEST_OVERSCAN = 2;

/** At (or within `threshold` px of) the end, by the virtualizer's offset or by the DOM's. */
function atEnd(v: Rows, scroller: RefObject<HTMLDivElement | null>, threshold: number): boolean {
  if (v.isAtEnd(threshold)) return true;
  const el = scroller.current;
  return el !== null && el.scrollHeight - el.scrollTop - el.clientHeight <= threshold;
}

/**
 * Following the newest message: whether this render brings messages appended while the reader was at
 * the end (the rule the virtualizer's own `followOnAppend` uses; a follow-scroll it wrote but has not
 * read back yet counts as "at the end" too, by the DOM). Until the next frame, every commit then
 * scrolls to the end again: the virtualizer's follow-scroll aims at the new rows' estimated heights,
 * and measuring them re-renders the list with their real ones; without this the newest message sits
 * below the fold until the next frame, where the reader no longer counts as "at the end": the next
 * messages are not followed, the jump button flashes and the thread store keeps its window held.
 * The next frame ends it (a reader who scrolls up then is not pulled back); each new batch of
 * messages decides again. Call right after `useVirtualizer`. @internal
 */
export function useFollowNewest(
  v: Rows,
  messages: readonly ChatMessage[],
  scroller: RefObject<HTMLDivElement | null>,
  threshold: number,
): boolean {
  const rendered = useRef(messages);
  const following = useRef(false);
  if (rendered.current !== messages) {
    const before = rendered.current[rendered.current.length - 1];
    const after = messages[messages.length - 1];
    rendered.current = messages;
    const appended =
      after !== undefined && (before === undefined || messageKey(after) !== messageKey(before));
    following.current = appended && atEnd(v, scroller, threshold);
  }
  useLayoutEffect(() => {
    if (following.current) v.scrollToEnd();
  });
  useLayoutEffect(() => {
    if (!following.current || messages.length === 0) return;
    const frame = requestAnimationFrame(() => {
      following.current = false;
    });
    return () => cancelAnimationFrame(frame);
  }, [messages]);
  return following.current;
}

/**
 * The rows the virtualizer renders once it is at the end: those filling the last `viewport` px,
 * `NEWEST_OVERSCAN` more above, and the focused one. While following, the list renders these in the
 * commit that brings the new messages: the virtualizer's own range is where the reader was until its
 * follow-scroll is read back in the next frame; rendering that would mount rows nobody sees, then the
 * end rows in the next frame's scroll event (a second commit), with a blank end painted in between.
 * @internal
 */
export function endItems(v: Rows, viewport: number, focusedIndex: number): VirtualItem[] {
  const total = v.getTotalSize(); // also brings `measurementsCache` up to date
  const measurements = v.measurementsCache;
  const count = measurements.length;
  if (count === 0) return [];
  // Item starts are layout offsets; rendered ones are shifted by any offset the virtualizer holds
  // back (iOS momentum): what the total size is short of the last item's end.
  const hold = Math.max(0, (measurements[count - 1] as VirtualItem).end - total);
  const first = v.getVirtualItemForOffset(Math.max(0, total + hold - viewport))?.index ?? 0;
  const from = Math.max(0, first - NEWEST_OVERSCAN);
  const indexes: number[] = focusedIndex >= 0 && focusedIndex < from ? [focusedIndex] : [];
  for (let i = from; i < count; i++) indexes.push(i);
  return indexes.map((i) => {
    const item = measurements[i] as VirtualItem;
    return hold === 0 ? item : { ...item, start: item.start - hold, end: item.end - hold };
  });
}
