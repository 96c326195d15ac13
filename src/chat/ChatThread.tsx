import { forwardRef, type ReactNode } from "react";
import type { ChatMessage as ChatMessageData } from "stompkit/chat/core";
import { ChatComposer } from "./ChatComposer";
import { ChatConnectionBanner } from "./ChatConnectionBanner";
import { ChatJumpToLatest } from "./ChatJumpToLatest";
import { ChatMessage } from "./ChatMessage";
import { ChatMessageList } from "./ChatMessageList";
import { ChatRoot, type ChatThreadRootProps } from "./ChatRoot";
import { ChatTypingIndicator } from "./ChatTypingIndicator";

/** Props of `<ChatThread>`: the root's props, plus a message slot. */
export type ChatThreadProps = ChatThreadRootProps & {
  /** Renders one message in the list (see `ChatThread.Message`). */
  renderMessage?: (message: ChatMessageData, info: { index: number }) => ReactNode;
};

const ChatThreadBase = /* @__PURE__ */ forwardRef<HTMLElement, ChatThreadProps>(
  function ChatThread(props, ref) {
    const { renderMessage, children, ...root } = props;
    return (
      <ChatRoot {...(root as ChatThreadRootProps)} ref={ref}>
        {children ?? (
          <>
            <ChatConnectionBanner />
            <ChatMessageList renderMessage={renderMessage} />
            <ChatJumpToLatest />
            <ChatTypingIndicator />
            <ChatComposer />
          </>
        )}
      </ChatRoot>
    );
  },
);

/**
 * A complete chat thread over the nearest `StompProvider`: banner, virtualized message feed,
 * "N new messages" button, typing indicator and composer. Its parts are exported as
 * `ChatThread.Root`, `.MessageList`, `.Message`, `.Composer`, `.TypingIndicator`,
 * `.ConnectionBanner` and `.JumpToLatest`, to rearrange or replace (pass them as `children`).
 * Unstyled by default; import `stompkit/chat/styles.css` for the default look.
 *
 * @example
 * <StompProvider url="wss://host/stompx/websocket" connectHeaders={{ host: "host", "StompX-User": "alice" }}>
 *   <ChatThread thread="1" />
 * </StompProvider>
 */
export const ChatThread = /* @__PURE__ */ Object.assign(ChatThreadBase, {
  Root: ChatRoot,
  MessageList: ChatMessageList,
  Message: ChatMessage,
  Composer: ChatComposer,
  TypingIndicator: ChatTypingIndicator,
  ConnectionBanner: ChatConnectionBanner,
  JumpToLatest: ChatJumpToLatest,
});
