export type { ReconnectOptions } from "./backoff";
export { backoffDelay } from "./backoff";
export type { Clock } from "./clock";
export type {
  ConnectedInfo,
  ConnectionState,
  ConnectionStatus,
  ConnectionStore,
  NegotiatedHeartbeat,
} from "./connectionStore";
export { negotiateHeartbeat } from "./connectionStore";
export type { SessionEvents, StompConnection } from "./connectionTypes";
/** Ref-counted start/stop with a deferred stop, for code that builds on a session (a session's `mount()` counts the same way). */
export type { MountCount, MountCountOptions } from "./createMountCount";
export { createMountCount } from "./createMountCount";
export type { SessionDiagnostics, StompSession, StompSessionBase } from "./createStompSession";
export { createStompSession, createStompSessionBase, withSending } from "./createStompSession";
export { debugLog } from "./debugLog";
/** `process.env.NODE_ENV !== "production"`, read once: what compiles prose out of production builds. @internal */
export { DEV } from "./dev";
export type { ErrorFrameInfo, FrameErrorReason, StompkitErrorCode } from "./errors";
export {
  AuthError,
  ConnectionFailedError,
  ConnectionLostError,
  ConnectTimeoutError,
  DisconnectedError,
  DuplicateReceiptError,
  FrameError,
  HeartbeatTimeoutError,
  InvalidHeaderError,
  NotConnectedError,
  NotDeliveredError,
  OutboxFullError,
  ReceiptTimeoutError,
  ServerError,
  StompConfigError,
  StompkitError,
  TransactionAbortedError,
} from "./errors";
export type { FrameCheck } from "./frameGuard";
export { createFrameChecker, DEFAULT_MAX_FRAME_SIZE } from "./frameGuard";
/** @internal */
export { setSocketHook } from "./internals";
export type { SubscriptionState, SubscriptionStatus } from "./messageBuffer";
export { AckFailedError, HandlerError, ParseError, SubscriptionError } from "./messageErrors";
export type { NotifyOption, NotifyScheduler } from "./notifyScheduler";
export {
  CONNECTION_HISTORY,
  FRAME_BODY_PREVIEW,
  inspectSession,
  observeSession,
  registerInspectable,
} from "./observeSession";
/** The read-only observation API for development tools (what `stompkit/devtools`' `StompInspector` reads). */
export type {
  ConnectionRecord,
  InspectableSource,
  ObservedFrame,
  SessionInspection,
  SessionObserver,
} from "./observeTypes";
export { outboxOf } from "./outbox";
export type { Outbox, OutboxOptions, SendOptions, SendResult } from "./outboxTypes";
export type { BodyParser } from "./parseBody";
export { safeJsonParse } from "./parseBody";
export type { ReceiptEntry, ReceiptState, ReceiptStatus, ReceiptTracker } from "./receiptTracker";
export { receiptsOf } from "./receiptTracker";
export { createRedactor, defaultRedactedHeaders } from "./redact";
export type {
  BrokerURLOption,
  ConnectHeadersOption,
  HeartbeatOptions,
  StompSessionOptions,
} from "./sessionOptions";
export type { StompMessage } from "./stompMessage";
export type { OnceSubscription } from "./subscribeOnce";
export { subscribeOnce } from "./subscribeOnce";
/** A relay's subscriber options (the leader tab serving another tab's): stompkit/tabs. @internal */
export { asRelay } from "./subscriptionEntry";
export { subscriptionKey } from "./subscriptionKey";
export type {
  AckMode,
  MessageListener,
  SubscribeOptions,
  SubscriptionHandle,
  SubscriptionInspection,
  SubscriptionRegistry,
} from "./subscriptionRegistry";
/** What `useSubscription` needs of the registry beyond its public API (`keyOf`, `releaseNow`). @internal */
export { registryInternals } from "./subscriptionRegistry";
export type { Transaction } from "./transaction";
export type { SessionEnvironment } from "./wakeups";
