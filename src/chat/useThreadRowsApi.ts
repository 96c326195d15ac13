import { type RefObject, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { ChatMessage } from "stompkit/chat/core";
import { messageKey } from "./messageLayout";
import type { MessageWindow } from "./useMessageWindow";
import type { RowsApi } from "./VirtualRows";

const useIsomorphicLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;

/**
 * The rows' handle in thread indexes, over the virtual rows' handle in window indexes: keyboard
 * focus moves in the whole thread, and a message above the window first widens it, then is
 * scrolled to once it is in (after the commit that brings it). @internal
 */
export function useThreadRowsApi(
  rows: RefObject<RowsApi | null>,
  win: MessageWindow,
  messages: readonly ChatMessage[],
): RefObject<RowsApi | null> {
  const latest = useRef({ win, messages });
  const revealing = useRef<string | undefined>(undefined);
  const [api] = useState<RefObject<RowsApi | null>>(() => ({
    current: {
      scrollToIndex(index) {
        const { win: w, messages: list } = latest.current;
        const m = list[index];
        if (index >= w.offset) rows.current?.scrollToIndex(index - w.offset);
        else if (m) {
          revealing.current = messageKey(m);
          w.reveal(index);
        }
      },
      scrollToEnd: (smooth) => rows.current?.scrollToEnd(smooth),
    },
  }));
  useIsomorphicLayoutEffect(() => {
    latest.current = { win, messages };
    const key = revealing.current;
    if (key === undefined) return;
    const index = messages.findIndex((m) => messageKey(m) === key);
    if (index < win.offset) return;
    revealing.current = undefined;
    rows.current?.scrollToIndex(index - win.offset);
  });
  return api;
}
