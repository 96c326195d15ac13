import { defaultRangeExtractor, type Range, useVirtualizer } from "@tanstack/react-virtual";
import { type ReactNode, type RefObject, useCallback, useEffect, useLayoutEffect, useRef } from "react";
import type { ChatMessage } from "stompkit/chat/core";
import type { ChatThreadResult } from "./ChatThreadContext";
import type { ChatUiStore } from "./createChatUiStore";
import { messageKey } from "./messageLayout";
import { endItems, NEWEST_OVERSCAN, useFollowNewest } from "./useFollowNewest";

/** @internal The list's handle on the rows, for keyboard focus and "jump to latest". */
export interface RowsApi {
  scrollToIndex(index: number): void;
  scrollToEnd(smooth: boolean): void;
}

interface VirtualRowsProps {
  scroller: RefObject<HTMLDivElement | null>;
  /** The scroller's size when the list switched to virtual rows: the first render already has a range. */
  rect: { width: number; height: number };
  chat: ChatThreadResult;
  ui: ChatUiStore;
  renderRow: (index: number) => ReactNode;
  /** Kept mounted while it has focus, even when scrolled out of view. */
  focusedIndex: number;
  estimateSize: number;
  overscan: number;
  threshold: number;
  api: RefObject<RowsApi | null>;
}

// Older pages load when the reader is this close to the top.
const LOAD_OLDER_AT = 200;

/**
 * The virtualized rows (TanStack Virtual in chat mode): starts at the newest message once on mount,
 * follows appends only while the reader is within `threshold` px of the end, and keeps the reader's
 * row at the same pixel offset when older messages are prepended (`anchorTo: 'end'` with keys that
 * never change: the client id, else the server id).
 */
export function VirtualRows(props: VirtualRowsProps) {
  const { scroller, rect, chat, ui, renderRow, focusedIndex, estimateSize, overscan, threshold, api } = props;
  const { messages } = chat;
  const getItemKey = useCallback((i: number) => messageKey(messages[i] as ChatMessage), [messages]);
  const rangeExtractor = useCallback(
    (range: Range) => {
      // While the newest message is on screen, few rows above the viewport: in a fast stream every
      // row on screen is replaced each frame, and rows rendered above the fold would be mounted, laid
      // out and measured only to be dropped in the next frame. Scrolling up renders the rows it
      // reveals synchronously (the virtualizer re-renders in the scroll event); a reader away from the
      // newest gets the full overscan.
      const atNewest = range.endIndex >= range.count - 1;
      const indexes = defaultRangeExtractor(
        atNewest ? { ...range, overscan: Math.min(range.overscan, NEWEST_OVERSCAN) } : range,
      );
      if (focusedIndex < 0 || focusedIndex >= range.count || indexes.includes(focusedIndex)) return indexes;
      return [...indexes, focusedIndex].sort((a, b) => a - b);
    },
    [focusedIndex],
  );
  const v = useVirtualizer<HTMLDivElement, HTMLDivElement>({
    count: messages.length,
    getScrollElement: () => scroller.current,
    // Start at the newest: the first render already shows the last rows (by estimate), not the first.
    initialRect: rect,
    initialOffset: () => Math.max(0, messages.length * estimateSize - rect.height),
    estimateSize: () => estimateSize,
    getItemKey,
    rangeExtractor,
    anchorTo: "end",
    followOnAppend: true,
    scrollEndThreshold: threshold,
    overscan,
  });
  const following = useFollowNewest(v, messages, scroller, threshold);

  // Older messages put before the first row can change that row's top: its day separator or author
  // header goes away (or appears). The row is the anchor TanStack keeps in place, but its article
  // would move by that delta; compensate that one re-measurement so the message stays put (±2 px).
  const firstKey = messages.length > 0 ? messageKey(messages[0] as ChatMessage) : undefined;
  const prevFirstKey = useRef(firstKey);
  const topChanged = useRef<string | undefined>(undefined);
  if (firstKey !== prevFirstKey.current) {
    topChanged.current = prevFirstKey.current;
    prevFirstKey.current = firstKey;
  }
  v.shouldAdjustScrollPositionOnItemSizeChange = (item, _delta, inst) => {
    const offset = inst.scrollOffset ?? 0;
    if (item.key === topChanged.current && item.start <= offset) {
      topChanged.current = undefined;
      return true;
    }
    // TanStack's default otherwise (virtual-core 3.19 `resizeItem`).
    if (!inst.itemSizeCache.has(item.key)) return item.start < offset;
    return item.end <= offset && inst.scrollDirection !== "backward";
  };

  // Start at the newest: on mount, and again when the first messages arrive (the list usually
  // mounts empty, before the thread's first page).
  // Until the next frame, every commit (rows measured on mount re-render the list) goes to the end
  // again, now that the DOM has the measured height: the newest is on screen in the first frame, not
  // after TanStack's own correction a frame later.
  const empty = messages.length === 0;
  const settling = useRef(false);
  useLayoutEffect(() => {
    if (empty) return;
    v.scrollToEnd();
    settling.current = true;
    const frame = requestAnimationFrame(() => {
      settling.current = false;
    });
    return () => cancelAnimationFrame(frame);
  }, [v, empty]);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (settling.current && el) el.scrollTop = el.scrollHeight; // the virtualizer reads it back on "scroll"
  });

  useLayoutEffect(() => {
    api.current = {
      scrollToIndex: (index) => v.scrollToIndex(index, { align: "auto" }),
      // Smooth only over a short way: a long smooth scroll keeps chasing rows measured on the way.
      scrollToEnd: (smooth) => {
        const near = v.getDistanceFromEnd() < 2 * (scroller.current?.clientHeight ?? 0);
        v.scrollToEnd({ behavior: smooth && near ? "smooth" : "auto" });
      },
    };
    return () => {
      api.current = null;
    };
  }, [v, api, scroller]);

  // Your own new message brings you to the end, even when you were reading history.
  const lastKey = messages.length > 0 ? messageKey(messages[messages.length - 1] as ChatMessage) : undefined;
  const last = messages[messages.length - 1];
  const prevLastKey = useRef(lastKey);
  useLayoutEffect(() => {
    if (lastKey !== prevLastKey.current && last?.mine && last.status === "pending") v.scrollToEnd();
    prevLastKey.current = lastKey;
  }, [lastKey, last, v]);

  // After every render (the virtualizer renders on scroll): report the position, load older pages
  // near the top, or while the loaded messages do not fill the viewport. The position read in a
  // render caused by new messages is stale (the follow-scroll they trigger has not happened yet:
  // the jump button would flash, and a list that just got its first page would look "near the
  // top"), so only the fill rule runs then. So is the position read while a scroll the virtualizer
  // wrote has not come back as a scroll event yet (the re-render of rows just measured, right after
  // new messages): "not at the end" then would flash the jump button and hold the store's window
  // for a frame, on every frame of a stream.
  const reachedEnd = useRef(false);
  const seenMessages = useRef(messages);
  const { hasOlder, loadingOlder, loadOlder } = chat;
  useEffect(() => {
    const changed = seenMessages.current !== messages;
    seenMessages.current = messages;
    const el = scroller.current;
    const viewport = el?.clientHeight ?? 0;
    const short = v.getTotalSize() < viewport;
    const atEnd = v.isAtEnd(threshold);
    const unread = !atEnd && el !== null && Math.abs(el.scrollTop - (v.scrollOffset ?? 0)) > 2;
    const settled = !changed && !unread;
    if (settled || short) {
      // An empty list is trivially "at the end": only a list with rows has arrived there.
      if (atEnd && !empty) reachedEnd.current = true;
      if (reachedEnd.current) ui.setAtEnd(atEnd, lastKey);
    }
    if (!hasOlder || loadingOlder) return;
    const nearTop = settled && reachedEnd.current && !atEnd && (v.scrollOffset ?? 0) < LOAD_OLDER_AT;
    if (nearTop || short) void loadOlder().catch(() => {});
  });

  const items = following
    ? endItems(v, v.scrollRect?.height ?? rect.height, focusedIndex)
    : v.getVirtualItems();
  return (
    <div data-part="rows" style={{ height: v.getTotalSize(), position: "relative", width: "100%" }}>
      {items.map((item) => (
        <div
          key={item.key as string}
          data-index={item.index}
          ref={v.measureElement}
          style={{
            position: "absolute",
            top: 0,
            insetInlineStart: 0,
            width: "100%",
            transform: `translateY(${item.start}px)`,
          }}
        >
          {renderRow(item.index)}
        </div>
      ))}
    </div>
  );
}
