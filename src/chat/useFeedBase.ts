import { useRef } from "react";
import type { ChatMessage } from "stompkit/chat/core";
import { messageKey } from "./messageLayout";

/**
 * How many feed articles come before `next[0]`, carried over from the previous list `prev` (which had
 * `prevBase` before its first message): older messages dropped from the front of the window add to
 * it, older messages put back (a history page) take from it. A message's `aria-posinset` is
 * `base + index + 1`, so it stays the same while the thread store's window slides, and a row whose
 * message did not change does not re-render. Never below 0: history older than anything seen before
 * numbers the feed from 1 again. A list that shares no message with the previous one starts at 0.
 * @internal
 */
export function nextFeedBase(
  prev: readonly ChatMessage[],
  prevBase: number,
  next: readonly ChatMessage[],
): number {
  if (prev.length === 0 || next.length === 0) return 0;
  const oldFirst = messageKey(prev[0] as ChatMessage);
  // The same first message, or older ones put before it.
  for (let i = 0; i < next.length; i++) {
    if (messageKey(next[i] as ChatMessage) === oldFirst) return Math.max(0, prevBase - i);
  }
  // The front was dropped: the new first message sits further down the old list.
  const newFirst = messageKey(next[0] as ChatMessage);
  for (let j = 1; j < prev.length; j++) {
    if (messageKey(prev[j] as ChatMessage) === newFirst) return prevBase + j;
  }
  return 0;
}

/**
 * The feed position base of `messages` (see `nextFeedBase`), carried across renders. 0 when nothing
 * older exists (`hasOlder` false): then the loaded messages are the whole feed, numbered from 1 to
 * `aria-setsize`. @internal
 */
export function useFeedBase(messages: readonly ChatMessage[], hasOlder: boolean): number {
  const last = useRef<{ messages: readonly ChatMessage[]; base: number }>({ messages: [], base: 0 });
  if (last.current.messages !== messages) {
    last.current = { messages, base: nextFeedBase(last.current.messages, last.current.base, messages) };
  }
  return hasOlder ? last.current.base : 0;
}
