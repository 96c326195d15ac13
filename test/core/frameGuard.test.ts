// The frame guard between the socket and stompjs's parser (issue 6 §4): unit tests on the checker and
// the socket wrapper, then end to end through a session and the fake broker (fake timers).
import { Parser } from "@stomp/stompjs";
import { createStompSession, FrameError, StompConfigError, type StompMessage } from "stompkit/core";
import { createFrameChecker } from "../../src/core/frameGuard";
import { guardSocket } from "../../src/core/guardSocket";
import { FakeSocket } from "../../src/testing/fakeSocket";
import { connected, flush, setup } from "./helpers";

const enc = new TextEncoder();
const bytesOf = (text: string) => enc.encode(text);
const msg = (body: string, headers: Record<string, string> = {}) =>
  `MESSAGE\ndestination:/topic/x\nmessage-id:1\n${Object.entries(headers)
    .map(([k, v]) => `${k}:${v}\n`)
    .join("")}\n${body}\0`;

/** Feeds chunks; returns the first violation (or undefined) and what would reach stompjs. */
function run(max: number, chunks: Array<string | Uint8Array>) {
  const checker = createFrameChecker(max);
  const forwarded: Array<string | ArrayBuffer | Uint8Array> = [];
  for (const chunk of chunks) {
    const result = checker.check(chunk);
    if (result === true) forwarded.push(chunk);
    else {
      if (result.prefix !== undefined) forwarded.push(result.prefix);
      return { error: result.error, forwarded };
    }
  }
  return { error: undefined, forwarded };
}

/** What stompjs's own parser makes of the forwarded data: frame commands + bodies. */
function parse(chunks: Array<string | ArrayBuffer | Uint8Array>) {
  const frames: Array<{ command: string; body: Uint8Array }> = [];
  const parser = new Parser(
    (raw) => frames.push({ command: raw.command!, body: raw.binaryBody! }),
    () => {},
  );
  for (const c of chunks) parser.parseChunk(c instanceof Uint8Array ? c.slice().buffer : c);
  return frames;
}

describe("createFrameChecker", () => {
  it("accepts frames split into 1-byte messages, many frames per message, heart-beat EOLs and NULs between", () => {
    const stream = `\n\r\n${msg("a")}\n\n\0${msg("bb", { "content-length": "2" })}\r\n${msg("c")}`;
    const oneByte = [...stream];
    expect(run(1024, oneByte).error).toBeUndefined();
    expect(run(1024, [stream, stream, stream]).error).toBeUndefined();
    const binary = bytesOf(stream);
    expect(run(1024, [binary.subarray(0, 7), binary.subarray(7, 40), binary.subarray(40)]).error).toBe(
      undefined,
    );
    expect(parse([stream]).map((f) => f.command)).toEqual(["MESSAGE", "MESSAGE", "MESSAGE"]);
  });

  it("agrees with stompjs's parser on random frame streams cut at random places, text and binary", () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = ["a", "é", "€", "😀", "\n", "\r", ":", "\\c", "x"];
    for (let round = 0; round < 200; round++) {
      let stream = "";
      const bodies: string[] = [];
      for (let f = rand(5); f >= 0; f--) {
        let body = "";
        for (let i = rand(30); i > 0; i--) body += pieces[rand(pieces.length)];
        const withLength = rand(2) === 0;
        if (withLength) body += "\0inside";
        bodies.push(body);
        const headers: Record<string, string> = withLength
          ? { "content-length": String(bytesOf(body).length) }
          : {};
        stream += "\n".repeat(rand(3)) + msg(body, headers);
      }
      const binary = rand(2) === 0;
      const data = binary ? bytesOf(stream) : stream;
      const chunks: Array<string | Uint8Array> = [];
      for (let at = 0; at < data.length; ) {
        let next = Math.min(data.length, at + 1 + rand(40));
        // A text WebSocket message is whole UTF-16: never split a surrogate pair.
        if (!binary && /[\uD800-\uDBFF]/.test((data as string)[next - 1] ?? "")) next++;
        chunks.push(data.slice(at, next));
        at = next;
      }
      const { error, forwarded } = run(4096, chunks);
      expect(error).toBeUndefined();
      expect(parse(forwarded).map((f) => new TextDecoder().decode(f.body))).toEqual(bodies);
    }
  });

  it("counts content-length in UTF-8 bytes, not characters", () => {
    const body = "é€😀"; // 2 + 3 + 4 bytes, 4 UTF-16 units
    expect(run(1024, [msg(body, { "content-length": "9" })]).error).toBeUndefined();
    expect(run(1024, [bytesOf(msg(body, { "content-length": "9" }))]).error).toBeUndefined();
    expect(run(1024, [msg(body, { "content-length": "4" })]).error?.reason).toBe("content-length-mismatch");
    expect(run(1024, [msg(body, { "content-length": "8" })]).error?.reason).toBe("content-length-mismatch");
  });

  it.each(["-1", "abc", "", "1.5", "+3", " 3", "0x10", "NaN", "Infinity"])(
    "refuses content-length %j as bad-content-length",
    (value) => {
      const { error } = run(1024, [msg("abc", { "content-length": value })]);
      expect(error).toBeInstanceOf(FrameError);
      expect(error?.code).toBe("FRAME_ERROR");
      expect(error?.reason).toBe("bad-content-length");
    },
  );

  it("counts long text bodies exactly: ASCII runs between multi-byte characters, lone surrogates, the limit", () => {
    const body = `${"a".repeat(50_000)}é${"b".repeat(30_000)}😀\ud800${"c".repeat(20_000)}€`;
    const bytes = bytesOf(body).length; // 100,000 ASCII + 2 + 4 + 3 (U+FFFD) + 3
    expect(bytes).toBe(100_012);
    expect(run(200_000, [msg(body, { "content-length": String(bytes) })]).error).toBeUndefined();
    // One byte short: the last character does not fit; one byte long: the NUL is body, then "M" follows.
    for (const wrong of [bytes - 1, bytes + 1])
      expect(run(200_000, [msg(body, { "content-length": String(wrong) }) + msg("next")]).error?.reason).toBe(
        "content-length-mismatch",
      );
    const frame = msg(body); // NUL-terminated: over the limit by the body alone
    const head = bytesOf(frame).length - 1 - bytes;
    expect(run(head + bytes, [frame]).error).toBeUndefined();
    expect(run(head + bytes - 1, [frame]).error?.reason).toBe("too-large");
    // Split anywhere (surrogate pairs kept whole), the same answer.
    const parts = [frame.slice(0, 40_000), frame.slice(40_000, 80_014), frame.slice(80_014)];
    expect(run(head + bytes, parts).error).toBeUndefined();
  });

  it("uses the first content-length, as the parser does (a bad second one is ignored)", () => {
    expect(run(1024, [msg("abc", { "content-length": "3", "content-length ": "x" })]).error).toBe(undefined);
    expect(
      run(1024, [msg("abc", { "content-length": "3" }).replace("\n\nabc", "\ncontent-length:x\n\nabc")]),
    ).toMatchObject({ error: undefined });
    expect(run(1024, [msg("abc", { "content-length": "3\r" })]).error).toBeUndefined(); // CR dropped, as stompjs does
  });

  it("refuses a content-length too short or too long, keeping the frames before it", () => {
    const good = msg("ok");
    const short = run(1024, [good + msg("hello", { "content-length": "3" }) + msg("next")]);
    expect(short.error?.reason).toBe("content-length-mismatch");
    expect(short.forwarded).toEqual([good]);
    expect(parse(short.forwarded).map((f) => f.command)).toEqual(["MESSAGE"]);
    const long = run(1024, [good, msg("hello", { "content-length": "9" }), msg("next")]);
    expect(long.error?.reason).toBe("content-length-mismatch");
    expect(long.forwarded).toEqual([good, msg("hello", { "content-length": "9" })]);
    expect(parse(long.forwarded)).toHaveLength(1); // the bad frame never completes in the parser
  });

  it("refuses a frame over maxFrameSize, with or without content-length, and accepts one at the limit", () => {
    const head = msg("").length - 1; // bytes before the body
    expect(run(1024, [msg("x".repeat(1024 - head))]).error).toBeUndefined();
    expect(run(1024, [msg("x".repeat(1025 - head))]).error?.reason).toBe("too-large");
    for (const cut of [1, head, head + 1, 1000, 1023, 1024]) {
      const atLimit = bytesOf(msg("x".repeat(1024 - head)));
      expect(run(1024, [atLimit.subarray(0, cut), atLimit.subarray(cut)]).error).toBeUndefined();
      const over = bytesOf(msg("é".repeat((1025 - head) / 2 + 1)));
      expect(run(1024, [over.subarray(0, cut), over.subarray(cut)]).error?.reason).toBe("too-large");
      const overText = msg("😀".repeat(300));
      expect(run(1024, [overText.slice(0, cut), overText.slice(cut)]).error?.reason).toBe("too-large");
    }
    const fit = 1024 - head - "content-length:000\n".length;
    expect(run(1024, [msg("x".repeat(fit), { "content-length": String(fit) })]).error).toBeUndefined();
    expect(run(1024, [msg("x".repeat(fit + 1), { "content-length": String(fit + 1) })]).error?.reason).toBe(
      "too-large",
    );
    // content-length over the limit is refused when the headers end, before any body byte.
    const declared = run(1024, [msg("", { "content-length": "99999999999999999999999" }).slice(0, -1)]);
    expect(declared.error?.reason).toBe("too-large");
    // Headers that never end count too.
    expect(run(1024, [`MESSAGE\n${"h:v\n".repeat(300)}`]).error?.reason).toBe("too-large");
  });

  it("stops at the limit on 8 MB without a NUL, in a few milliseconds, and refuses everything after", () => {
    const checker = createFrameChecker(1024 * 1024);
    const chunk = `MESSAGE\n\n${"x".repeat(8 * 1024 * 1024)}`;
    const t0 = performance.now();
    const result = checker.check(chunk);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(result).not.toBe(true);
    expect((result as { error: FrameError }).error.reason).toBe("too-large");
    expect(checker.check(msg("later"))).not.toBe(true);
  });

  it("checks ArrayBuffer, Uint8Array views and binary bodies with NULs", () => {
    const body = "a\0b\0c";
    const frame = bytesOf(msg(body, { "content-length": "5" }));
    const padded = new Uint8Array(frame.length + 4);
    padded.set(frame, 2);
    expect(createFrameChecker(1024).check(frame.slice().buffer)).toBe(true);
    expect(createFrameChecker(1024).check(padded.subarray(2, 2 + frame.length))).toBe(true);
    const noLength = bytesOf(msg(body));
    const { error, forwarded } = run(1024, [bytesOf(msg("ok")), noLength]);
    expect(error).toBeUndefined(); // without content-length the first NUL ends the body: legal
    expect(parse(forwarded)[1]?.body).toEqual(bytesOf("a"));
  });
});

describe("guardSocket", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  it("passes messages through, reports a violation once, delivers the whole frames before it and nothing after", async () => {
    const inner = new FakeSocket(
      "ws://x",
      () => {},
      () => {},
    );
    const onViolation = vi.fn();
    const guarded = guardSocket(inner, 1024, onViolation);
    const seen: unknown[] = [];
    guarded.onmessage = (ev: { data: unknown }) => seen.push(ev.data);
    const opened = vi.fn();
    guarded.onopen = opened;
    inner.open();
    await flush();
    expect(opened).toHaveBeenCalledTimes(1);
    expect(guarded.readyState).toBe(1);
    inner.receive(msg("a"));
    inner.receive(`${msg("b")}${msg("c", { "content-length": "-1" })}`);
    inner.receive(msg("d"));
    await flush();
    expect(seen).toEqual([msg("a"), msg("b")]);
    expect(onViolation).toHaveBeenCalledTimes(1);
    expect(onViolation.mock.calls[0]![0]).toMatchObject({ reason: "bad-content-length" });
    expect(onViolation.mock.calls[0]![1]).toBe(guarded);
    const closed = vi.fn();
    guarded.onclose = closed;
    guarded.close();
    await flush();
    expect(closed).toHaveBeenCalledTimes(1);
  });
});

const subscribeRaw = async (ctx: Awaited<ReturnType<typeof connected>>, destination: string) => {
  const got: StompMessage<string>[] = [];
  const handle = ctx.session.subscriptions.subscribe<string>(destination, { parse: "text" }, (m) =>
    got.push(m),
  );
  await flush();
  const id = () => [...ctx.broker.openConnections()[0]!.subscriptions.values()][0]!.id;
  const raw = (body: string, headers: Record<string, string> = {}) =>
    `MESSAGE\ndestination:${destination}\nsubscription:${id()}\nmessage-id:m-${body.length}\n${Object.entries(
      headers,
    )
      .map(([k, v]) => `${k}:${v}\n`)
      .join("")}\n${body}\0`;
  return { got, handle, raw };
};

describe("frame guard in a session", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  it("closes on a frame over the default 1 MiB with FrameError through onError and state, then reconnects and resubscribes", async () => {
    const ctx = await connected({ reconnect: { initialDelay: 200 } });
    const { got, handle, raw } = await subscribeRaw(ctx, "/topic/big");
    ctx.broker.injectRaw(raw("x".repeat(1024 * 1024 + 1)));
    ctx.broker.injectRaw(raw("after")); // on the closed socket: never parsed
    await flush();
    expect(ctx.errors).toHaveLength(1);
    expect(ctx.errors[0]).toBeInstanceOf(FrameError);
    expect(ctx.errors[0]).toMatchObject({ code: "FRAME_ERROR", reason: "too-large", maxFrameSize: 1048576 });
    expect(ctx.session.connection.getState()).toMatchObject({ status: "reconnecting" });
    expect(ctx.session.connection.getState().lastError).toBeInstanceOf(FrameError);
    expect(ctx.broker.connections[0]!.open).toBe(false);
    expect(got).toHaveLength(0);
    expect(ctx.broker.connectionCount).toBe(1); // no hot loop: waits for the backoff
    await vi.advanceTimersByTimeAsync(400);
    expect(ctx.session.connection.getState().status).toBe("open");
    expect(handle.store.getState().status).toBe("ready");
    ctx.broker.publish("/topic/big", "fine");
    await flush();
    expect(got.map((m) => m.body)).toEqual(["fine"]);
    handle.release(true);
    ctx.release();
    await flush();
  });

  it.each(["-1", "abc"])(
    "does not jam on content-length:%s: FrameError, reconnect, later frames and receipts flow again",
    async (value) => {
      const ctx = await connected({ reconnect: { initialDelay: 200 } });
      const { got, handle, raw } = await subscribeRaw(ctx, `/topic/cl${value}`);
      ctx.broker.injectRaw(raw("one"));
      ctx.broker.injectRaw(raw("bad", { "content-length": value }));
      await flush();
      expect(got.map((m) => m.body)).toEqual(["one"]);
      expect(ctx.errors[0]).toMatchObject({ reason: "bad-content-length" });
      expect(ctx.session.connection.getState().status).toBe("reconnecting");
      await vi.advanceTimersByTimeAsync(400);
      expect(ctx.session.connection.getState().status).toBe("open");
      await expect(ctx.session.send("/topic/other", "x", { receipt: true })).resolves.toMatchObject({
        receiptId: expect.any(String),
      });
      ctx.broker.publish(`/topic/cl${value}`, "two");
      await flush();
      expect(got.map((m) => m.body)).toEqual(["one", "two"]);
      handle.release(true);
      ctx.release();
      await flush();
    },
  );

  it.each([
    ["too short", "2"],
    ["too long", "40"],
  ])("never loses later frames silently when content-length is %s", async (_label, length) => {
    const ctx = await connected({ reconnect: { initialDelay: 200 } });
    const { got, handle, raw } = await subscribeRaw(ctx, `/topic/len${length}`);
    ctx.broker.injectRaw(raw("first") + raw("hello", { "content-length": length }) + raw("third"));
    await flush();
    expect(got.map((m) => m.body)).toEqual(["first"]); // nothing half-parsed, nothing merged
    expect(ctx.errors).toEqual([expect.objectContaining({ reason: "content-length-mismatch" })]);
    await vi.advanceTimersByTimeAsync(400);
    expect(ctx.session.connection.getState().status).toBe("open");
    expect(ctx.broker.connectionCount).toBe(2);
    handle.release(true);
    ctx.release();
    await flush();
  });

  it("delivers a frame under the limit intact: UTF-8 and NULs, split across many binary and text messages", async () => {
    const ctx = await connected({ maxFrameSize: 256 * 1024 });
    const { got, handle, raw } = await subscribeRaw(ctx, "/topic/intact");
    const body = `${"é€😀\0\n:\\".repeat(12_000)}end`; // ~200 KB of UTF-8 with NULs
    const length = String(bytesOf(body).length);
    const frame = bytesOf(raw(body, { "content-length": length, "content-type": "text/plain" }));
    for (let at = 0; at < frame.length; at += 7_001) ctx.broker.injectRaw(frame.subarray(at, at + 7_001));
    ctx.broker.injectRaw("\n"); // a heart-beat
    ctx.broker.injectRaw(raw("next"));
    await flush();
    expect(ctx.errors).toEqual([]);
    expect(got).toHaveLength(2);
    expect(got[0]!.body).toBe(body);
    expect(got[1]!.body).toBe("next");
    handle.release(true);
    ctx.release();
    await flush();
  });

  it("keeps a connection whose long frame arrives in pieces over several heart-beat windows", async () => {
    const ctx = await connected(
      { heartbeat: { outgoing: 0, incoming: 100 } },
      { heartbeat: "100,0" }, // the broker would ping every 100 ms: dead after 200–300 ms of silence
    );
    const { got, handle, raw } = await subscribeRaw(ctx, "/topic/slow");
    ctx.broker.setHeartbeats(false); // only the frame's pieces arrive from now on
    const frame = raw("y".repeat(20_000));
    for (let at = 0; at < frame.length; at += 1000) {
      ctx.broker.injectRaw(frame.slice(at, at + 1000));
      await vi.advanceTimersByTimeAsync(150); // 20 pieces over 3 s: 10× the tolerance
    }
    expect(ctx.session.connection.getState().status).toBe("open");
    expect(got).toHaveLength(1);
    expect(ctx.errors).toEqual([]);
    await vi.advanceTimersByTimeAsync(400); // and silence is still detected
    expect(ctx.errors.map((e) => (e as FrameError).code)).toEqual(["HEARTBEAT_TIMEOUT"]);
    handle.release(true);
    ctx.release();
    await flush();
  });

  it("keeps growing the backoff when every connection gets a bad frame right after CONNECTED", async () => {
    const { broker, session } = setup({
      clock: { setTimeout, clearTimeout, now: Date.now, random: () => 1 },
      reconnect: { initialDelay: 100, maxDelay: 60_000, minDelay: 10 },
    });
    const release = session.mount();
    session.on("connect", () => queueMicrotask(() => broker.injectRaw("MESSAGE\ncontent-length:x\n\n\0")));
    await flush();
    const times: number[] = [];
    session.on("connect", () => times.push(Date.now()));
    await vi.advanceTimersByTimeAsync(100 * (2 + 4 + 8 + 16 + 32));
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps).toEqual([200, 400, 800, 1600]); // doubles: a connection dropped at once never counts as healthy;
    release();
    await flush();
  });

  it.each([0, -1, 1023, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "1mb" as unknown as number])(
    "refuses maxFrameSize %s with StompConfigError",
    (maxFrameSize) => {
      expect(() => createStompSession({ url: "ws://x", maxFrameSize })).toThrow(StompConfigError);
    },
  );
});
