import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ChatMessage } from "stompkit/chat/core";
import type { ChatThreadResult } from "./ChatThreadContext";
import type { ChatUiStore } from "./createChatUiStore";
import { messageKey } from "./messageLayout";

/** The part of the thread's messages the virtualizer holds, and where it starts in `chat.messages`. */
export interface MessageWindow {
  /** `chat` with `messages` cut to the window; `hasOlder`/`loadOlder` first widen the window. */
  chat: ChatThreadResult;
  /** Index in `chat.messages` of the window's first message. */
  offset: number;
  /** Widens the window so that it holds `chat.messages[index]` (it renders on the next commit). */
  reveal(index: number): void;
}

const useIsomorphicLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;

function locate(messages: readonly ChatMessage[], key: string, hint: number): number {
  const at = messages[hint];
  if (at && messageKey(at) === key) return hint;
  for (let i = 0; i < messages.length; i++) if (messageKey(messages[i] as ChatMessage) === key) return i;
  return 0; // the thread dropped it: start at its oldest loaded message
}

/**
 * Hands the virtualizer the newest `size` messages instead of the whole thread: its bookkeeping
 * (measurements, anchoring on every change) is linear in the rows it holds, so mounting a list of
 * 10,000 messages costs what mounting 200 does. While the reader is at the newest message the
 * window slides with new messages (older ones leave it at the top, where nobody is looking); once
 * they scroll away it stops sliding (new messages only grow it), and reaching its top widens it by
 * `step` messages before the thread is asked for an older page. Positions (`aria-posinset`) stay
 * those of `chat.messages`. @internal
 */
export function useMessageWindow(
  chat: ChatThreadResult,
  ui: ChatUiStore,
  enabled: boolean,
  size: number,
  step: number,
): MessageWindow {
  const { messages } = chat;
  // The key of the window's first message; `null`: the thread's first (older pages the thread
  // prepends join the window); `undefined`: the window slides with the newest.
  const [startKey, setStartKey] = useState<string | null | undefined>(undefined);
  const seen = useRef({ offset: 0, messages });
  let offset = 0;
  if (enabled)
    offset =
      startKey === undefined
        ? Math.max(0, messages.length - size)
        : startKey === null
          ? 0
          : locate(messages, startKey, seen.current.offset);
  useIsomorphicLayoutEffect(() => {
    seen.current = { offset, messages };
  });

  // Stop sliding when the reader leaves the newest message; slide again when they come back.
  useEffect(() => {
    if (!enabled) return;
    const sync = () => {
      const { offset: at, messages: list } = seen.current;
      const first = list[at];
      const here = at === 0 || !first ? null : messageKey(first);
      if (!ui.getState().atEnd) setStartKey((key) => (key === undefined ? here : key));
      else setStartKey(undefined);
    };
    sync();
    return ui.subscribe(sync);
  }, [ui, enabled]);

  const { loadOlder } = chat;
  // Widens the window down to thread index `index` (and `step` - 1 more): a no-op when it is in.
  const reveal = useMemo(
    () => (index: number) => {
      const { offset: at, messages: list } = seen.current;
      if (index >= at) return;
      const start = Math.max(0, index + 1 - step);
      const first = list[start];
      setStartKey(start === 0 || !first ? null : messageKey(first));
    },
    [step],
  );
  const widen = useMemo(
    () => () => {
      const at = seen.current.offset;
      if (at === 0) return loadOlder();
      reveal(at - 1);
      return Promise.resolve();
    },
    [loadOlder, reveal],
  );
  const windowed = useMemo<ChatThreadResult>(
    () =>
      offset === 0
        ? chat
        : {
            ...chat,
            messages: messages.slice(offset),
            hasOlder: true,
            loadingOlder: false,
            loadOlder: widen,
          },
    [chat, messages, offset, widen],
  );
  return { chat: windowed, offset, reveal };
}
