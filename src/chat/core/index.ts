export {
  ChatActionError,
  ChatSendTimeoutError,
  InvalidMessageError,
  RelayFailedError,
  RelayTimeoutError,
} from "./chatErrors";
export type { FetchedPage } from "./chatHistory";
export { readPage } from "./chatHistory";
export { createChatThreadStore } from "./createChatThreadStore";
export { compareMessages } from "./createMessageList";
export type { ChatEnvelope, ChatEventKind } from "./envelope";
export { classifyEvent, parseEnvelope } from "./envelope";
export type { ChatThreadDestinations, LinkGroup } from "./links";
export { readLink, resolveThreadDestinations } from "./links";
export {
  brokerProfile,
  chatProfiles,
  checkThreadId,
  fillTemplate,
  resolveChatProfile,
  stompx1Profile,
  stompx2Profile,
  stompx2020Profile,
} from "./profiles";
export type { Relay, RelayReply, RelayRequestOptions } from "./relay";
export { createRelay } from "./relay";
export { deriveMessageId, echoReceipt, toChatMessage } from "./toChatMessage";
export type {
  ChatHistoryPage,
  ChatLinkRange,
  ChatMessage,
  ChatMessageStatus,
  ChatProfile,
  ChatProfileName,
  ChatThreadOptions,
  ChatThreadState,
  ChatThreadStatus,
  ChatThreadStore,
  ChatUser,
} from "./types";
