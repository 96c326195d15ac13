// subscribeOnce: the public seam the chat engine's relays use instead of the raw stompjs client
// (issue 16 §3). One SUBSCRIBE, not ref-counted, never re-issued; headers checked; no-op after its socket.
import type { IMessage } from "@stomp/stompjs";
import { InvalidHeaderError, NotConnectedError, subscribeOnce } from "stompkit/core";
import { connected, flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

describe("subscribeOnce", () => {
  it("SUBSCRIBEs once with the given id and headers, delivers, and UNSUBSCRIBEs", async () => {
    const { broker, session, release } = await connected();
    const got: IMessage[] = [];
    const sub = subscribeOnce(session, "/topic/once", (m) => got.push(m), { id: "req-1", page: "0" });
    await flush();
    expect(sub.id).toBe("req-1");
    expect(broker.framesOf("SUBSCRIBE")[0]?.headers).toMatchObject({
      id: "req-1",
      page: "0",
      destination: "/topic/once",
    });
    broker.publish("/topic/once", "reply");
    await flush();
    expect(got.map((m) => m.body)).toEqual(["reply"]);
    sub.unsubscribe();
    await flush();
    expect(broker.count("UNSUBSCRIBE")).toBe(1);
    release();
  });

  it("is never re-issued after a reconnect, and its unsubscribe is then a no-op", async () => {
    const { broker, session, release } = await connected();
    const sub = subscribeOnce(session, "/topic/once", () => {});
    await flush();
    broker.dropAll();
    await vi.advanceTimersByTimeAsync(200);
    expect(session.connected).toBe(true);
    sub.unsubscribe();
    await flush();
    expect(broker.count("SUBSCRIBE")).toBe(1);
    expect(broker.count("UNSUBSCRIBE")).toBe(0);
    release();
  });

  it.each([
    ["destination", "/topic/a\nx-injected:1", {}],
    ["header value", "/topic/a", { page: "0\r\nx-injected:1" }],
    ["header name", "/topic/a", { "pa\0ge": "0" }],
  ])("refuses CR/LF/NUL in the %s: InvalidHeaderError, nothing sent", async (_, destination, headers) => {
    const { broker, session, release } = await connected();
    expect(() => subscribeOnce(session, destination, () => {}, headers)).toThrow(InvalidHeaderError);
    await flush();
    expect(broker.count("SUBSCRIBE")).toBe(0);
    release();
  });

  it("throws NotConnectedError while not connected", () => {
    const { session } = setup();
    expect(() => subscribeOnce(session, "/topic/a", () => {})).toThrow(NotConnectedError);
  });
});
