import { createRelay, RelayFailedError, RelayTimeoutError } from "stompkit/chat/core";
import { createStompSession, InvalidHeaderError, ParseError } from "stompkit/core";
import { createFakeBroker } from "stompkit/testing";
import { flush } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

/** A fake broker whose `/app/echo.relay` answers each SUBSCRIBE with its headers (unless `silent`). */
async function setup(
  reply: (headers: Record<string, string>) => string | undefined = (h) =>
    JSON.stringify({ type: "echo", resource: h }),
) {
  const broker = createFakeBroker();
  broker.intercept((frame) => {
    if (frame.command !== "SUBSCRIBE" || frame.headers.destination !== "/app/echo.relay") return false;
    const body = reply(frame.headers);
    if (body !== undefined) queueMicrotask(() => broker.deliverTo(frame.connection, frame.headers.id!, body));
    return false;
  });
  const session = createStompSession({
    webSocketFactory: broker.webSocketFactory,
    heartbeat: { outgoing: 0, incoming: 0 },
    reconnect: { initialDelay: 100, minDelay: 100 },
    reconnectOnWake: false,
  });
  const release = session.mount();
  await flush();
  return { broker, session, release, relay: createRelay(session, { timeout: 1000 }) };
}

describe("createRelay", () => {
  it("SUBSCRIBEs with the parameters as headers, resolves with the one MESSAGE, then UNSUBSCRIBEs", async () => {
    const { broker, relay, release } = await setup();
    const reply = await relay.request("/app/echo.relay", { headers: { page: 2, size: 10, username: "a:b" } });
    const subscribe = broker.framesOf("SUBSCRIBE")[0]!;
    expect(subscribe.headers).toMatchObject({
      destination: "/app/echo.relay",
      page: "2",
      size: "10",
      username: "a:b",
    });
    expect(subscribe.headers.receipt).toBeUndefined();
    expect(reply.body).toMatchObject({ type: "echo", resource: { page: "2", size: "10" } });
    expect(broker.framesOf("UNSUBSCRIBE").map((f) => f.headers.id)).toEqual([subscribe.headers.id]);
    expect(relay.pending).toBe(0);
    release();
  });

  it("refuses CR, LF, NUL and ':' in names, and bad destinations, sending nothing", async () => {
    const { broker, relay, release } = await setup();
    await expect(relay.request("/app/echo.relay", { headers: { page: "1\nevil:1" } })).rejects.toBeInstanceOf(
      InvalidHeaderError,
    );
    await expect(relay.request("/app/echo.relay", { headers: { "a:b": "1" } })).rejects.toBeInstanceOf(
      InvalidHeaderError,
    );
    await expect(relay.request("/app/echo.relay", { headers: { a: "\u0000" } })).rejects.toBeInstanceOf(
      InvalidHeaderError,
    );
    await expect(relay.request("relative")).rejects.toBeInstanceOf(InvalidHeaderError);
    await expect(relay.request("/a\r\nb")).rejects.toBeInstanceOf(InvalidHeaderError);
    // `id`/`destination` from the caller cannot override the relay's own
    await relay.request("/app/echo.relay", { headers: { id: "sub-1", destination: "/topic/x" } });
    expect(broker.framesOf("SUBSCRIBE")).toHaveLength(1);
    expect(broker.framesOf("SUBSCRIBE")[0]!.headers.destination).toBe("/app/echo.relay");
    expect(broker.framesOf("SUBSCRIBE")[0]!.headers.id).toMatch(/^relay-/);
    release();
  });

  it("times out with RelayTimeoutError and UNSUBSCRIBEs", async () => {
    const { broker, relay, release } = await setup(() => undefined);
    const outcome = expect(relay.request("/app/echo.relay")).rejects.toBeInstanceOf(RelayTimeoutError);
    await vi.advanceTimersByTimeAsync(999);
    expect(broker.count("UNSUBSCRIBE")).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await outcome;
    expect(broker.count("UNSUBSCRIBE")).toBe(1);
    release();
  });

  it("fails on a drop and is never re-issued after the reconnect", async () => {
    const { broker, session, relay, release } = await setup(() => undefined);
    const outcome = expect(relay.request("/app/echo.relay")).rejects.toMatchObject({
      reason: "disconnected",
    });
    await flush();
    broker.dropAll();
    await outcome;
    await vi.advanceTimersByTimeAsync(300);
    expect(session.connection.getState().connectCount).toBe(2);
    expect(
      broker.framesOf("SUBSCRIBE").filter((f) => f.headers.destination === "/app/echo.relay"),
    ).toHaveLength(1);
    expect(broker.subscriptionCount()).toBe(0);
    release();
  });

  it("fails at once when not connected, on a reply that is not JSON, by subscription id, and on dispose", async () => {
    const { broker, session, relay, release } = await setup((h) => (h.bad ? "{not json" : undefined));
    await expect(relay.request("/app/echo.relay", { headers: { bad: 1 } })).rejects.toBeInstanceOf(
      ParseError,
    );

    const waiting = relay.request("/app/echo.relay");
    const failed = expect(waiting).rejects.toMatchObject({ code: "RELAY_FAILED", reason: "server" });
    await flush();
    const id = broker.framesOf("SUBSCRIBE").at(-1)!.headers.id!;
    expect(relay.has(id)).toBe(true);
    expect(relay.fail(id, "nope")).toBe(true);
    expect(relay.fail(id, "nope")).toBe(false);
    await failed;

    const cancelled = expect(relay.request("/app/echo.relay")).rejects.toMatchObject({ reason: "cancelled" });
    relay.dispose();
    await cancelled;

    release();
    await flush();
    expect(session.connected).toBe(false);
    await expect(createRelay(session).request("/app/echo.relay")).rejects.toBeInstanceOf(RelayFailedError);
  });
});
