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
export type { SessionEvents, StompSession } from "./createStompSession";
export { createStompSession } from "./createStompSession";
export type { ErrorFrameInfo, StompkitErrorCode } from "./errors";
export {
  AuthError,
  ConnectionFailedError,
  ConnectionLostError,
  ConnectTimeoutError,
  HeartbeatTimeoutError,
  ServerError,
  StompConfigError,
  StompkitError,
} from "./errors";
export { createRedactor, defaultRedactedHeaders } from "./redact";
export type { ConnectHeadersOption, HeartbeatOptions, StompSessionOptions } from "./sessionOptions";
export type { SessionEnvironment } from "./wakeups";
