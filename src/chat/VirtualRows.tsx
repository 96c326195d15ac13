import { defaultRangeExtractor, type Range, useVirtualizer } from "@tanstack/react-virtual";
import { type ReactNode, type RefObject, useCallback, useEffect, useLayoutEffect, useRef } from "react";
import type { ChatMessage } from "stompkit/core";
import type { ChatThreadResult } from "./ChatThreadContext";
import type { ChatUiStore } from "./createChatUiStore";
import { messageKey } from "./messageLayout";

/** @internal The list's handle on the rows, for keyboard focus and "jump to latest". */
export interface RowsApi {
  scrollToIndex(index: number): void;
  scrollToEnd(smooth: boolean): void;
}

interface VirtualRowsProps {
  scroller: RefObject<HTMLDivElement | null>;
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
  const { scroller, chat, ui, renderRow, focusedIndex, estimateSize, overscan, threshold, api } = props;
  const { messages } = chat;
  const getItemKey = useCallback((i: number) => messageKey(messages[i] as ChatMessage), [messages]);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (focusedIndex < 0 || focusedIndex >= range.count || indexes.includes(focusedIndex)) return indexes;
      return [...indexes, focusedIndex].sort((a, b) => a - b);
    },
    [focusedIndex],
  );
  const v = useVirtualizer<HTMLDivElement, HTMLDivElement>({
    count: messages.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimateSize,
    getItemKey,
    rangeExtractor,
    anchorTo: "end",
    followOnAppend: true,
    scrollEndThreshold: threshold,
    overscan,
  });

  useLayoutEffect(() => {
    v.scrollToEnd();
  }, [v]);

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
  // near the top, or when the loaded messages do not fill the viewport.
  const reachedEnd = useRef(false);
  const { hasOlder, loadingOlder, loadOlder } = chat;
  useEffect(() => {
    const atEnd = v.isAtEnd(threshold);
    if (atEnd) reachedEnd.current = true;
    if (!reachedEnd.current) return; // still making its way to the end after mount
    ui.setAtEnd(atEnd, lastKey);
    if (!hasOlder || loadingOlder) return;
    const viewport = scroller.current?.clientHeight ?? 0;
    const nearTop = !atEnd && (v.scrollOffset ?? 0) < LOAD_OLDER_AT;
    if (nearTop || v.getTotalSize() < viewport) void loadOlder().catch(() => {});
  });

  return (
    <div data-part="rows" style={{ height: v.getTotalSize(), position: "relative", width: "100%" }}>
      {v.getVirtualItems().map((item) => (
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
