import { createContext, useContext } from "react";

/** @internal Where the message being rendered sits in the list (set by `ChatThread.MessageList`). */
export interface ChatRowInfo {
  /**
   * 1-based position in the feed: messages the thread store dropped from the front of its window still
   * count, so a message keeps its position (and its row is not re-rendered) while the window slides.
   */
  posinset: number;
  startsGroup: boolean;
  startsDay: boolean;
  /** The list's registry of article elements by message key (for keyboard focus). */
  register: (key: string, el: HTMLElement | null) => void;
}

export const ChatRowContext = /* @__PURE__ */ createContext<ChatRowInfo | null>(null);
ChatRowContext.displayName = "ChatRowContext";

export const useChatRow = () => useContext(ChatRowContext);

/**
 * @internal `aria-setsize` of every article: the number of loaded messages, or -1 while older ones
 * exist (APG feed). A context of its own, so an append updates the attribute without re-rendering
 * every row's content.
 */
export const ChatSetSizeContext = /* @__PURE__ */ createContext(-1);
ChatSetSizeContext.displayName = "ChatSetSizeContext";
