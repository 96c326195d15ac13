import {
  type FocusEvent,
  type KeyboardEvent,
  type RefObject,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from "react";
import type { ChatMessage } from "stompkit/chat/core";
import type { ChatThreadResult } from "./ChatThreadContext";
import { messageKey } from "./messageLayout";
import type { RowsApi } from "./VirtualRows";

interface FeedKeyboardOptions {
  chat: ChatThreadResult;
  /** Lowest index that can be focused (the first rendered row without virtualization). */
  first: number;
  api: RefObject<RowsApi | null>;
  composerInput: RefObject<HTMLTextAreaElement | null>;
  onKeyDown?: (e: KeyboardEvent<HTMLDivElement>) => void;
  onFocus?: (e: FocusEvent<HTMLDivElement>) => void;
}

const useIsomorphicLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;

function indexOfKey(messages: readonly ChatMessage[], key: string | undefined): number {
  if (key === undefined) return -1;
  for (let i = messages.length - 1; i >= 0; i--) if (messageKey(messages[i] as ChatMessage) === key) return i;
  return -1;
}

/**
 * Roving focus between the feed's articles: ↑/↓ and PageUp/PageDown one message, Home/End the
 * oldest loaded/newest, Esc the composer. The focused message stays mounted (virtualization) and
 * keeps focus across prepends because it is tracked by key, not index. @internal
 */
export function useFeedKeyboard(options: FeedKeyboardOptions) {
  const { chat, first, api, composerInput, onKeyDown, onFocus } = options;
  const { messages } = chat;
  const articles = useRef(new Map<string, HTMLElement>());
  const pending = useRef<string | undefined>(undefined);
  const [focusedKey, setFocusedKey] = useState<string | undefined>(undefined);

  const register = useCallback((key: string, el: HTMLElement | null) => {
    if (el) articles.current.set(key, el);
    else articles.current.delete(key);
  }, []);

  const keyOf = (el: Element | null): string | undefined => {
    for (const [key, article] of articles.current) if (el && article.contains(el)) return key;
    return undefined;
  };

  /** Focuses message `index`; `scroll: false` when the caller already scrolls (jump to latest). */
  const focusIndex = (index: number, scroll = true) => {
    if (messages.length === 0) return;
    const i = Math.min(messages.length - 1, Math.max(first, index));
    const key = messageKey(messages[i] as ChatMessage);
    setFocusedKey(key);
    const el = articles.current.get(key);
    if (el) {
      pending.current = undefined;
      el.focus({ preventScroll: !scroll });
    } else {
      pending.current = key;
      if (scroll) api.current?.scrollToIndex(i);
    }
  };

  // A message scrolled into range by the virtualizer gets focus once it is mounted.
  useIsomorphicLayoutEffect(() => {
    const key = pending.current;
    const el = key === undefined ? undefined : articles.current.get(key);
    if (el) {
      pending.current = undefined;
      // The virtualizer has already scrolled it into range; a native scroll-into-view would fight it.
      el.focus({ preventScroll: true });
    }
  });

  const handleKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    onKeyDown?.(e);
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const last = messages.length - 1;
    const current = indexOfKey(messages, keyOf(document.activeElement));
    let target: number;
    switch (e.key) {
      case "ArrowDown":
      case "PageDown":
        target = current < 0 ? last : current + 1;
        break;
      case "ArrowUp":
      case "PageUp":
        target = current < 0 ? last : current - 1;
        if (target < first && chat.hasOlder) void chat.loadOlder().catch(() => {});
        break;
      case "Home":
        target = first;
        if (chat.hasOlder) void chat.loadOlder().catch(() => {});
        break;
      case "End":
        target = last;
        break;
      case "Escape":
        if (!composerInput.current) return;
        e.preventDefault();
        composerInput.current.focus();
        return;
      default:
        return;
    }
    e.preventDefault();
    focusIndex(target);
  };

  const handleFocus = (e: FocusEvent<HTMLDivElement>) => {
    onFocus?.(e);
    const key = keyOf(e.target);
    if (key !== undefined) setFocusedKey(key);
  };

  return {
    register,
    focusIndex,
    focusedIndex: indexOfKey(messages, focusedKey),
    onKeyDown: handleKeyDown,
    onFocus: handleFocus,
  };
}
