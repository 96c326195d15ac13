export type {
  AckMode,
  BodyParser,
  ConnectedInfo,
  ConnectHeadersOption,
  ConnectionState,
  ConnectionStatus,
  HeartbeatOptions,
  MessageListener,
  NegotiatedHeartbeat,
  NotifyOption,
  OutboxOptions,
  ReceiptStatus,
  ReconnectOptions,
  SendOptions,
  SendResult,
  StompkitErrorCode,
  StompMessage,
  StompSession,
  StompSessionBase,
  StompSessionOptions,
  SubscribeOptions,
  SubscriptionState,
  SubscriptionStatus,
  Transaction,
} from "stompkit/core";
// The core, re-exported so an app needs one import path.
export {
  AckFailedError,
  AuthError,
  ConnectionFailedError,
  ConnectionLostError,
  ConnectTimeoutError,
  createStompSession,
  DisconnectedError,
  DuplicateReceiptError,
  FrameError,
  HandlerError,
  HeartbeatTimeoutError,
  InvalidHeaderError,
  NotConnectedError,
  NotDeliveredError,
  OutboxFullError,
  ParseError,
  ReceiptTimeoutError,
  ServerError,
  StompConfigError,
  StompkitError,
  SubscriptionError,
  safeJsonParse,
  TransactionAbortedError,
} from "stompkit/core";
export type { Destination } from "./react/destination";
export { destination } from "./react/destination";
export type { StompProviderProps } from "./react/StompProvider";
export { StompContext, StompProvider, useStompSession } from "./react/StompProvider";
export { useConnectionState } from "./react/useConnectionState";
export type { ReceiptResult } from "./react/useReceipt";
export { useReceipt } from "./react/useReceipt";
export type { SendFunction, SendStatus, UseSendResult } from "./react/useSend";
export { useSend } from "./react/useSend";
export type { UseSubscriptionOptions } from "./react/useSubscription";
export { useSubscription } from "./react/useSubscription";
