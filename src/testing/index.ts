export type {
  AcceptedLink,
  BrokerLimits,
  ClientLink,
  FakeBroker,
  FakeBrokerOptions,
  FakeConnection,
  FakeSubscription,
  FrameInterceptor,
  InterceptedFrame,
  RecordedFrame,
} from "./createFakeBroker";
export { createFakeBroker } from "./createFakeBroker";
export type {
  SeedMessage,
  StompXLimits,
  StompXServer,
  StompXServerOptions,
  StompXSnapshot,
} from "./stompx/createStompXServer";
export { createStompXServer } from "./stompx/createStompXServer";
export type { StoredMessage } from "./stompx/stompxResources";
