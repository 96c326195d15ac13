export type {
  ConnectedInfo,
  ConnectHeadersOption,
  ConnectionState,
  ConnectionStatus,
  HeartbeatOptions,
  NegotiatedHeartbeat,
  ReconnectOptions,
  StompkitErrorCode,
  StompSession,
  StompSessionOptions,
} from "stompkit/core";
// The core, re-exported so an app needs one import path.
export {
  AuthError,
  ConnectionFailedError,
  ConnectionLostError,
  ConnectTimeoutError,
  createStompSession,
  HeartbeatTimeoutError,
  ServerError,
  StompConfigError,
  StompkitError,
} from "stompkit/core";
export type { StompProviderProps } from "./react/StompProvider";
export { StompContext, StompProvider, useStompSession } from "./react/StompProvider";
export { useConnectionState } from "./react/useConnectionState";
