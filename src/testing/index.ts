export type {
  FakeBroker,
  FakeBrokerOptions,
  FakeConnection,
  FakeSubscription,
  RecordedFrame,
} from "./createFakeBroker";
export { createFakeBroker } from "./createFakeBroker";
export type { RenderWithStompOptions, RenderWithStompResult } from "./renderWithStomp";
export { renderWithStomp } from "./renderWithStomp";
