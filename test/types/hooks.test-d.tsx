import {
  type ConnectionStatus,
  destination,
  type SendResult,
  type StompkitError,
  type StompMessage,
  type SubscriptionState,
  type SubscriptionStatus,
  useConnectionState,
  useReceipt,
  useSend,
  useSubscription,
} from "stompkit";

interface Tick {
  symbol: string;
  price: number;
}

describe("useSubscription types", () => {
  it("returns the buffer typed by the message type", () => {
    expectTypeOf(useSubscription<Tick>("/topic/ticks")).toEqualTypeOf<SubscriptionState<Tick>>();
    expectTypeOf(useSubscription("/topic/any")).toEqualTypeOf<SubscriptionState<unknown>>();
    expectTypeOf(useSubscription<Tick>("/topic/ticks").last).toEqualTypeOf<StompMessage<Tick> | undefined>();
  });

  it("infers what select returns without a second type argument", () => {
    const ticks = destination<Tick>("/topic/ticks");
    expectTypeOf(useSubscription(ticks, { select: (s) => s.last?.body.price })).toEqualTypeOf<
      number | undefined
    >();
    expectTypeOf(useSubscription("/topic/n", { select: (s) => s.count })).toEqualTypeOf<number>();
    expectTypeOf(
      useSubscription("/topic/t", { select: (s: SubscriptionState<Tick>) => s.last?.body.symbol }),
    ).toEqualTypeOf<string | undefined>();
    expectTypeOf(
      useSubscription("/topic/p", { parse: (m) => Number(m.body), select: (s) => s.last?.body }),
    ).toEqualTypeOf<number | undefined>();
    expectTypeOf(useSubscription(ticks)).toEqualTypeOf<SubscriptionState<Tick>>();
  });

  it("types callbacks from the message type, and takes null or enabled", () => {
    const ticks = destination<Tick>("/topic/ticks");
    useSubscription(ticks, {
      onMessage: (m) => expectTypeOf(m.body).toEqualTypeOf<Tick>(),
      dedupe: (m) => m.body.symbol,
      isEqual: (a, b) => {
        expectTypeOf(a).toEqualTypeOf<SubscriptionState<Tick>>();
        return a === b;
      },
      key: "ticks",
      enabled: false,
    });
    expectTypeOf(useSubscription<Tick>(null).status).toEqualTypeOf<SubscriptionStatus>();
    expectTypeOf<"idle">().toExtend<SubscriptionStatus>();
    // @ts-expect-error select's result must match an explicit second type argument
    useSubscription<Tick, string>("/topic/ticks", { select: (s) => s.count });
    // @ts-expect-error a typed destination's body is not something else
    useSubscription(ticks, { select: (s) => s.last?.body.nope });
  });
});

describe("useSend types", () => {
  it("returns a stable send that resolves with its receipt id, and the last send's state", () => {
    const { send, status, data, error, reset } = useSend();
    expectTypeOf(send).toEqualTypeOf<
      (destination: string, body: unknown, options?: Parameters<typeof send>[2]) => Promise<SendResult>
    >();
    expectTypeOf(send("/app/a", {}, { receipt: true })).resolves.toHaveProperty("receiptId");
    expectTypeOf(status).toEqualTypeOf<"idle" | "pending" | "success" | "error">();
    expectTypeOf(data).toEqualTypeOf<SendResult | undefined>();
    expectTypeOf(error).toEqualTypeOf<StompkitError | undefined>();
    expectTypeOf(reset).toEqualTypeOf<() => void>();
  });
});

describe("other hooks", () => {
  it("types selectors and receipts", () => {
    expectTypeOf(useConnectionState((s) => s.status)).toEqualTypeOf<ConnectionStatus>();
    expectTypeOf(useReceipt("r").status).toExtend<string>();
  });
});
