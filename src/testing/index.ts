export type {
  FakeBroker,
  FakeBrokerOptions,
  FakeConnection,
  FakeSubscription,
  FrameInterceptor,
  InterceptedFrame,
  RecordedFrame,
} from "./createFakeBroker";
export { createFakeBroker } from "./createFakeBroker";
export type { SeedMessage, StompXServer, StompXServerOptions } from "./stompx/createStompXServer";
export { createStompXServer } from "./stompx/createStompXServer";
