import { createContext, useContext } from "react";

/** @internal Where the message being rendered sits in the list (set by `ChatThread.MessageList`). */
export interface ChatRowInfo {
  index: number;
  /** 1-based position among the loaded messages. */
  posinset: number;
  /** Number of loaded messages, or -1 when older ones exist on the server (APG feed). */
  setsize: number;
  startsGroup: boolean;
  startsDay: boolean;
  /** The list's registry of article elements by message key (for keyboard focus). */
  register: (key: string, el: HTMLElement | null) => void;
}

export const ChatRowContext = createContext<ChatRowInfo | null>(null);
ChatRowContext.displayName = "ChatRowContext";

export const useChatRow = () => useContext(ChatRowContext);
