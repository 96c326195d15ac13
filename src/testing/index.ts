export type {
  FakeBroker,
  FakeBrokerOptions,
  FakeConnection,
  FakeSubscription,
  RecordedFrame,
} from "./createFakeBroker";
export { createFakeBroker } from "./createFakeBroker";
