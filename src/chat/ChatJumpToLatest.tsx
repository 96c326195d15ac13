import { type ButtonHTMLAttributes, forwardRef } from "react";
import type { ChatMessage } from "stompkit/chat/core";
import { useStore } from "zustand";
import { useChatContext } from "./ChatThreadContext";
import { messageKey } from "./messageLayout";

/** Props of `ChatThread.JumpToLatest`. */
export type ChatJumpToLatestProps = ButtonHTMLAttributes<HTMLButtonElement>;

/** Messages after `key` that are not the reader's own. */
function unseenAfter(messages: readonly ChatMessage[], key: string | undefined): number {
  if (key === undefined) return 0;
  let count = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as ChatMessage;
    if (messageKey(m) === key) return count;
    if (!m.mine) count++;
  }
  return 0; // the message the reader left at is gone from the window: nothing reliable to count
}

/**
 * Shown while the reader is away from the newest message: a button named "N new messages, jump to
 * latest" (or "Jump to latest") with `data-count`; it scrolls to the end and focuses the newest
 * message. Renders nothing while the reader is at the end.
 */
export const ChatJumpToLatest = /* @__PURE__ */ forwardRef<HTMLButtonElement, ChatJumpToLatestProps>(
  function ChatJumpToLatest(props, ref) {
    const { children, onClick, ...rest } = props;
    const { chat, ui } = useChatContext("ChatThread.JumpToLatest");
    const state = useStore(ui);
    if (state.atEnd) return null;
    const count = unseenAfter(chat.messages, state.leftAtKey);
    const label =
      count > 0 ? `${count} new message${count === 1 ? "" : "s"}, jump to latest` : "Jump to latest";
    return (
      <button
        type="button"
        data-part="jump-to-latest"
        data-count={count}
        {...rest}
        ref={ref}
        onClick={(e) => {
          onClick?.(e);
          if (!e.defaultPrevented) ui.jumpToLatest();
        }}
      >
        {children ?? label}
      </button>
    );
  },
);
