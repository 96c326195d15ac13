// `stompkit/chat`: chat hooks and components on the StompX dialect (issue #7).
export type {
  ChatLinkRange,
  ChatMessage as ChatMessageData,
  ChatMessageStatus,
  ChatProfile,
  ChatProfileName,
  ChatThreadOptions,
  ChatThreadState,
  ChatThreadStatus,
  ChatUser,
} from "stompkit/chat/core";
export type { ChatComposerProps } from "./ChatComposer";
export { ChatComposer } from "./ChatComposer";
export type { ChatConnectionBannerProps } from "./ChatConnectionBanner";
export { ChatConnectionBanner } from "./ChatConnectionBanner";
export type { ChatJumpToLatestProps } from "./ChatJumpToLatest";
export { ChatJumpToLatest } from "./ChatJumpToLatest";
export type { ChatMessageProps } from "./ChatMessage";
export { ChatMessage } from "./ChatMessage";
export type { ChatMessageListProps } from "./ChatMessageList";
export { ChatMessageList } from "./ChatMessageList";
export type { ChatThreadRootProps } from "./ChatRoot";
export { ChatRoot } from "./ChatRoot";
export type { ChatThreadProps } from "./ChatThread";
export { ChatThread } from "./ChatThread";
export type { ChatThreadResult } from "./ChatThreadContext";
export type { ChatTypingIndicatorProps } from "./ChatTypingIndicator";
export { ChatTypingIndicator } from "./ChatTypingIndicator";
export { safeHref } from "./safeHref";
export type { UseChatThreadOptions } from "./useChatThread";
export { useChatThread } from "./useChatThread";
