// The public session type carries what users call, not the plumbing the core layers share (issue 6 §10).
import type {
  BrokerURLOption,
  StompSession,
  StompSessionBase,
  StompSessionOptions,
  SubscriptionRegistry,
} from "stompkit/core";

describe("StompSession type", () => {
  it("has no plumbing", () => {
    for (const check of [
      expectTypeOf<StompSession>().not.toHaveProperty("trackReceipt"),
      expectTypeOf<StompSession>().not.toHaveProperty("pendingReceipts"),
      expectTypeOf<StompSession>().not.toHaveProperty("log"),
      expectTypeOf<StompSession>().not.toHaveProperty("reportError"),
      expectTypeOf<StompSession>().not.toHaveProperty("emitError"),
      expectTypeOf<SubscriptionRegistry>().not.toHaveProperty("keyOf"),
      expectTypeOf<SubscriptionRegistry>().not.toHaveProperty("releaseNow"),
    ])
      void check;
  });

  it("has what users call; a base session has no sending half", () => {
    expectTypeOf<StompSession>().toHaveProperty("send");
    expectTypeOf<StompSession>().toHaveProperty("transaction");
    expectTypeOf<StompSession>().toHaveProperty("receipts");
    expectTypeOf<StompSessionBase>().not.toHaveProperty("send");
    expectTypeOf<StompSession>().toExtend<StompSessionBase>();
  });

  it("names the broker URL `url`; `brokerURL` is a deprecated alias", () => {
    expectTypeOf<StompSessionOptions["url"]>().toEqualTypeOf<BrokerURLOption | undefined>();
    expectTypeOf<StompSessionOptions["brokerURL"]>().toEqualTypeOf<BrokerURLOption | undefined>();
  });

  it("takes one URL, a list of cluster nodes or (attempt) => url", () => {
    expectTypeOf<string>().toExtend<BrokerURLOption>();
    expectTypeOf<string[]>().toExtend<BrokerURLOption>();
    expectTypeOf<(attempt: number) => string>().toExtend<BrokerURLOption>();
    expectTypeOf<number[]>().not.toExtend<BrokerURLOption>();
  });
});
