import { createChatThreadStore } from "stompkit/chat/core";
import { StompConfigError } from "stompkit/core";
import { chatSession, chatThread, flush } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const texts = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `m${from + i}`);
const live = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `live${from + i}`);

/** A 16 ms animation frame on the fake clock (Node has none). */
function stubFrames(frames = true) {
  vi.stubGlobal("requestAnimationFrame", (cb: () => void) => (frames ? setTimeout(cb, 16) : 0));
  vi.stubGlobal("cancelAnimationFrame", (id: ReturnType<typeof setTimeout>) => clearTimeout(id));
}

describe("createChatThreadStore: one publication per frame", () => {
  it("publishes others' messages that arrive in separate tasks within one frame as one update", async () => {
    stubFrames();
    const ctx = await chatSession();
    const { thread, bodies } = await chatThread(ctx);
    await vi.advanceTimersByTimeAsync(16);
    let updates = 0;
    thread.store.subscribe((s, prev) => {
      if (s.messages !== prev.messages) updates++;
    });
    for (let i = 0; i < 10; i++) {
      ctx.server.post("1", { body: `b${i}`, user: "bob" });
      await vi.advanceTimersByTimeAsync(1); // each MESSAGE in its own task
    }
    expect(updates).toBe(0); // the frame has not come yet
    await vi.advanceTimersByTimeAsync(16);
    expect(updates).toBe(1);
    expect(bodies()).toEqual(Array.from({ length: 10 }, (_, i) => `b${i}`));
    ctx.release();
  });

  it("still publishes within 250 ms when no frame comes (a hidden tab), and in a task without frames", async () => {
    stubFrames(false);
    const ctx = await chatSession();
    const { bodies } = await chatThread(ctx);
    ctx.server.post("1", { body: "while hidden", user: "bob" });
    await vi.advanceTimersByTimeAsync(200);
    expect(bodies()).toEqual([]);
    await vi.advanceTimersByTimeAsync(60);
    expect(bodies()).toEqual(["while hidden"]);
    vi.unstubAllGlobals(); // Node: no requestAnimationFrame → the next task
    ctx.server.post("1", { body: "no frames", user: "bob" });
    await flush();
    expect(bodies()).toEqual(["while hidden", "no frames"]);
    ctx.release();
  });

  it("publishes our own send at once, with the others' messages that were waiting for the frame", async () => {
    stubFrames();
    const ctx = await chatSession();
    const { thread, bodies } = await chatThread(ctx);
    await vi.advanceTimersByTimeAsync(16);
    ctx.server.post("1", { body: "from bob", user: "bob" });
    await vi.advanceTimersByTimeAsync(1);
    void thread.send("mine");
    expect(bodies()).toEqual(["from bob", "mine"]);
    ctx.release();
  });
});

describe("createChatThreadStore: holdWindow", () => {
  it("keeps the oldest messages while held, trims back to the window after the release", async () => {
    const ctx = await chatSession();
    ctx.server.seed("1", texts(100));
    const { thread, state, bodies } = await chatThread(ctx, { pageSize: 25, window: 50 });
    expect(bodies()).toEqual(texts(25, 75));
    const release = thread.holdWindow();
    for (let i = 0; i < 200; i++) ctx.server.post("1", { body: `live${i}`, user: "bob" });
    await flush();
    expect(bodies()).toEqual([...texts(25, 75), ...live(200)]); // the message being read stays
    release();
    release(); // idempotent
    expect(state().messages).toHaveLength(225); // trimmed in the next frame, not during the release
    await flush();
    expect(bodies()).toEqual(live(50, 150));
    expect(state().hasOlder).toBe(true);
    ctx.release();
  });

  it("is counted: the window stays held until the last hold is released", async () => {
    const ctx = await chatSession();
    const { thread, bodies } = await chatThread(ctx, { pageSize: 1, window: 10 });
    const a = thread.holdWindow();
    const b = thread.holdWindow();
    for (let i = 0; i < 30; i++) ctx.server.post("1", { body: `live${i}`, user: "bob" });
    await flush();
    a();
    a();
    await flush();
    expect(bodies()).toHaveLength(30);
    b();
    await flush();
    expect(bodies()).toEqual(live(10, 20));
    ctx.release();
  });

  it("stays bounded by holdLimit while held (default 10 × window)", async () => {
    const ctx = await chatSession();
    const capped = await chatThread(ctx, { pageSize: 1, window: 10, holdLimit: 25 });
    capped.thread.holdWindow();
    const byDefault = await chatThread(ctx, { thread: "1", pageSize: 1, window: 10 });
    byDefault.thread.holdWindow();
    for (let i = 0; i < 150; i++) ctx.server.post("1", { body: `live${i}`, user: "bob" });
    await flush();
    expect(capped.bodies()).toEqual(live(25, 125));
    expect(byDefault.bodies()).toEqual(live(100, 50));
    ctx.release();
  });

  it("refuses a bad holdLimit with StompConfigError", async () => {
    const ctx = await chatSession();
    const make = (holdLimit: number) => () => createChatThreadStore(ctx.session, { thread: "1", holdLimit });
    expect(make(0)).toThrow(StompConfigError);
    expect(make(Number.NaN)).toThrow(StompConfigError);
    expect(make(1.5)).toThrow(StompConfigError);
    expect(make(Number.POSITIVE_INFINITY)).toThrow(StompConfigError);
    ctx.release();
  });
});
