// Issue 12 §2: a `content-length` longer than its body must not silently swallow the frames after it.
// STOMP's byte stream alone cannot show it until the declared bytes have come (a quiet broker may never
// send them); the next WebSocket message does: a heart-beat or a new frame right after a NUL.
import { FrameError, type StompMessage } from "stompkit/core";
import { createFrameChecker } from "../../src/core/frameGuard";
import { connected, flush } from "./helpers";

const enc = new TextEncoder();
const frame = (body: string, headers: Record<string, string> = {}, command = "MESSAGE") =>
  `${command}\ndestination:/topic/x\nmessage-id:1\n${Object.entries(headers)
    .map(([k, v]) => `${k}:${v}\n`)
    .join("")}\n${body}\0`;

/** Feeds messages (text, or binary when `binary`); the first violation's reason, or undefined. */
function reasonOf(messages: string[], binary = false, max = 1024 * 1024) {
  const checker = createFrameChecker(max);
  for (const m of messages) {
    const result = checker.check(binary ? enc.encode(m) : m);
    if (result !== true) return result.error.reason;
  }
  return undefined;
}

describe.each([false, true])("content-length past the body (binary: %s)", (binary) => {
  const long = frame("hi", { "content-length": "500" });

  it.each([
    ["a MESSAGE", frame("two")],
    ["a RECEIPT", "RECEIPT\nreceipt-id:r-1\n\n\0"],
    ["an ERROR", "ERROR\nmessage:no\n\n\0"],
    ["a CRLF MESSAGE", "MESSAGE\r\ndestination:/topic/x\r\n\r\nthree\0"],
    ["a heart-beat", "\n"],
    ["a CRLF heart-beat", "\r\n"],
  ])("is refused when %s arrives next, long before 500 bytes have come", (_label, next) => {
    expect(reasonOf([long, next], binary)).toBe("content-length-mismatch");
  });

  it("is refused when the declared bytes come and the byte after them is not the NUL", () => {
    expect(reasonOf([frame("hi", { "content-length": "30" }) + frame("two") + frame("three")], binary)).toBe(
      "content-length-mismatch",
    );
  });

  it("still accepts a body split across messages anywhere but right after a NUL", () => {
    const body = `a\0MESSAGE\nb${"x".repeat(40)}`; // a binary body that holds a NUL and a command line
    const whole = frame(body, { "content-length": String(enc.encode(body).length) });
    for (let cut = 1; cut < whole.length; cut++) {
      if (whole.charCodeAt(cut - 1) === 0) continue; // the one split we cannot tell from an overrun
      expect(reasonOf([whole.slice(0, cut), whole.slice(cut), frame("next")], binary)).toBeUndefined();
    }
  });

  it("accepts heart-beats and frames between frames, and a body that only starts with a command word", () => {
    const body = "MESSAGES are fine";
    const ok = frame(body, { "content-length": String(body.length) });
    expect(reasonOf([frame("a"), "\n", ok, "\r\n", frame("b")], binary)).toBeUndefined();
    const split = frame("hello\0MESSAGEX", { "content-length": "14" });
    expect(
      reasonOf([split.slice(0, split.indexOf("\0") + 1), split.slice(split.indexOf("\0") + 1)], binary),
    ).toBe(undefined); // "MESSAGEX" is not a command line
  });

  it("keeps maxFrameSize bounding a content-length frame", () => {
    expect(reasonOf([frame("hi", { "content-length": "5000" })], binary, 1024)).toBe("too-large");
  });
});

describe("content-length past the body, in a session", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  async function subscribed() {
    const ctx = await connected({ reconnect: { initialDelay: 200, maxDelay: 200 } });
    const got: string[] = [];
    const handle = ctx.session.subscriptions.subscribe<string>(
      "/topic/o",
      { parse: "text" },
      (m: StompMessage<string>) => {
        got.push(m.body);
      },
    );
    await flush();
    const id = () => [...ctx.broker.openConnections()[0]!.subscriptions.values()][0]!.id;
    const raw = (body: string, extra = "") =>
      `MESSAGE\ndestination:/topic/o\nsubscription:${id()}\nmessage-id:m-${body}\n${extra}\n${body}\0`;
    return { ...ctx, got, handle, raw };
  }

  it("reports FrameError, closes the socket, reconnects with backoff and resubscribes: later frames flow", async () => {
    const ctx = await subscribed();
    ctx.broker.injectRaw(ctx.raw("one"));
    ctx.broker.injectRaw(ctx.raw("hi", "content-length:500\n")); // runs past its NUL
    ctx.broker.injectRaw(ctx.raw("swallowed"));
    await flush();
    expect(ctx.got).toEqual(["one"]);
    expect(ctx.errors).toEqual([expect.any(FrameError)]);
    expect(ctx.errors[0]).toMatchObject({ code: "FRAME_ERROR", reason: "content-length-mismatch" });
    expect(String(ctx.errors[0])).toMatch(/runs past the frame's NUL/);
    const state = ctx.session.connection.getState();
    expect(state.status).toBe("reconnecting");
    expect(state.nextRetryAt).toEqual(expect.any(Number));
    expect(state.lastError).toBeInstanceOf(FrameError);
    expect(ctx.broker.connections[0]!.open).toBe(false);
    expect(ctx.broker.connectionCount).toBe(1); // waits for the backoff
    await vi.advanceTimersByTimeAsync(250);
    expect(ctx.session.connection.getState().status).toBe("open");
    expect(ctx.broker.connectionCount).toBe(2);
    expect(ctx.handle.store.getState().status).toBe("ready");
    ctx.broker.publish("/topic/o", "after");
    await flush();
    expect(ctx.got).toEqual(["one", "after"]);
    ctx.handle.release(true);
    ctx.release();
    await flush();
  });

  it("is caught by the next heart-beat on a broker that goes quiet after the frame", async () => {
    const ctx = await subscribed();
    ctx.broker.injectRaw(ctx.raw("hi", "content-length:100000\n"));
    await vi.advanceTimersByTimeAsync(5000);
    expect(ctx.session.connection.getState().status).toBe("open"); // nothing to go on yet: it could be a long body
    ctx.broker.injectRaw("\n");
    await flush();
    expect(ctx.errors).toEqual([expect.objectContaining({ reason: "content-length-mismatch" })]);
    expect(ctx.session.connection.getState().status).toBe("reconnecting");
    ctx.handle.release(true);
    ctx.release();
    await flush();
  });
});
