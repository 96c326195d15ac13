import { createContext, type RefObject, useContext } from "react";
import type { ChatMessage, ChatThreadState } from "stompkit/chat/core";
import type { ChatUiStore } from "./createChatUiStore";

/** What `useChatThread` returns: the thread's state plus its actions. */
export interface ChatThreadResult extends ChatThreadState {
  /** Shows the text at once as `pending`; resolves when confirmed, rejects when it fails. */
  send(text: string): Promise<ChatMessage>;
  /** Sends a `failed` message again. */
  retry(id: string): Promise<ChatMessage>;
  /** Fetches the next older page (no-op while loading or when there is none). */
  loadOlder(): Promise<void>;
  /** Reports the composer's text for typing indicators (debounced by the store). */
  keystrokes(text: string): void;
  /**
   * Holds the store's window while the reader is away from the newest message (the list calls it);
   * returns the release. Optional: a `chat` without it simply keeps its window.
   */
  holdWindow?(): () => void;
}

/** @internal The parts' view settings: stable across thread updates, so message rows can skip re-rendering. */
export interface ChatViewValue {
  ui: ChatUiStore;
  /** The composer's textbox (Esc in the list focuses it). */
  composerInput: RefObject<HTMLTextAreaElement | null>;
  /** Formats day separators and message times. */
  formatDay: (ms: number) => string;
  formatTime: (ms: number) => string;
  /** ms between two messages of one author that still count as one group. */
  groupGap: number;
  /** Bodies longer than this are cut behind a "Show more" button. */
  maxBodyLength: number;
  /** `chat.retry`, through a stable function that always calls the latest one. */
  retry: (id: string) => Promise<unknown>;
}

/** @internal What `ChatThread.Root` gives its parts. */
export interface ChatContextValue extends ChatViewValue {
  chat: ChatThreadResult;
}

export const ChatContext = /* @__PURE__ */ createContext<ChatThreadResult | null>(null);
ChatContext.displayName = "ChatThreadContext";
export const ChatViewContext = /* @__PURE__ */ createContext<ChatViewValue | null>(null);
ChatViewContext.displayName = "ChatThreadViewContext";

const outside = (part: string) =>
  new Error(
    `\`${part}\` must be used within \`ChatThread.Root\`: render it inside <ChatThread.Root thread="…"> (or use <ChatThread thread="…" />).`,
  );

/** The view settings of the nearest `ChatThread.Root` (no re-render on thread updates). @internal */
export function useChatView(part: string): ChatViewValue {
  const view = useContext(ChatViewContext);
  if (!view) throw outside(part);
  return view;
}

/** The thread and view settings of the nearest `ChatThread.Root`; `part` names the caller in the error. @internal */
export function useChatContext(part: string): ChatContextValue {
  const chat = useContext(ChatContext);
  const view = useContext(ChatViewContext);
  if (!chat || !view) throw outside(part);
  return { ...view, chat };
}

/** Hides content visually but keeps it for assistive technology; inline so it works unstyled. */
export const visuallyHidden = {
  position: "absolute",
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
  border: 0,
} as const;
