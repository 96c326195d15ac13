// A broker that closes the WebSocket with 1009 ("message too big": ActiveMQ's ws transport takes 64 KiB by
// default) after a send: the largest receipted send in flight is rejected, not resent into the same wall;
// the others are resent once as after any drop.
import { NotDeliveredError } from "stompkit/core";
import { connected, flush } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

describe("close code 1009 (message too big)", () => {
  it("rejects the largest receipted send in flight with NotDeliveredError('too-large') and resends the others once", async () => {
    const { broker, session } = await connected();
    broker.swallowReceipts();
    const small = session.send("/queue/q", { n: 1 }, { receipt: true });
    const big = session.send("/queue/q", "x".repeat(100 * 1024), {
      receipt: true,
      contentType: "text/plain",
    });
    const outcome = big.then(
      () => "resolved",
      (e: unknown) => e,
    );
    await flush();
    expect(broker.count("SEND")).toBe(2);
    broker.swallowReceipts(false);
    broker.dropAll(1009);
    await vi.advanceTimersByTimeAsync(1000);
    expect(session.connection.getState().status).toBe("open");
    const error = await outcome;
    expect(error).toBeInstanceOf(NotDeliveredError);
    expect((error as NotDeliveredError).reason).toBe("too-large");
    expect((error as NotDeliveredError).message).toContain("1009");
    await expect(small).resolves.toMatchObject({ receiptId: expect.any(String) });
    const sends = broker.framesOf("SEND");
    expect(sends).toHaveLength(3); // small, big, then only small again
    expect(sends[2]!.body).toBe('{"n":1}');
    expect(session.diagnostics().outbox).toEqual({ queued: 0, inflight: 0, timers: 0 });
  });

  it("resends every send in flight after a drop with any other close code", async () => {
    const { broker, session } = await connected();
    broker.swallowReceipts();
    const big = session.send("/queue/q", "x".repeat(100 * 1024), {
      receipt: true,
      contentType: "text/plain",
    });
    await flush();
    broker.swallowReceipts(false);
    broker.dropAll(1006);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(big).resolves.toBeDefined();
    expect(broker.framesOf("SEND")).toHaveLength(2);
  });
});
