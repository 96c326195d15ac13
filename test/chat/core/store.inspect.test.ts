// issue 13 §4: a mounted thread store is listed by the session's observation API (what StompInspector's Chat tab shows)
import { inspectSession } from "stompkit/core";
import { chatSession, chatThread, dropAndReconnect, flush } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

const texts = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);
const threads = (session: Parameters<typeof inspectSession>[0]) =>
  inspectSession(session).sources.filter((s) => s.kind === "chat-thread");

describe("createChatThreadStore: inspection", () => {
  it("lists a mounted thread with its window, sends in flight and last gap-fill, and only while mounted", async () => {
    const ctx = await chatSession();
    ctx.server.seed("1", texts(5));
    expect(threads(ctx.session)).toEqual([]);
    const { unmount } = await chatThread(ctx, { pageSize: 25, window: 50 });
    expect(threads(ctx.session)).toEqual([
      {
        kind: "chat-thread",
        name: "1",
        fields: expect.objectContaining({
          status: "ready",
          messages: 5,
          window: 50,
          pendingSends: 0,
          lastGapFillAge: undefined,
        }),
      },
    ]);
    await dropAndReconnect(ctx.server, () => {
      ctx.server.post("1", { body: "while away", user: "bob" });
    });
    await vi.advanceTimersByTimeAsync(1000);
    const [fields] = threads(ctx.session).map((t) => t.fields);
    expect(fields).toMatchObject({ messages: 6, lastGapFillMissed: 1 });
    expect(fields?.lastGapFillAge).toBeGreaterThanOrEqual(1000);
    unmount();
    await flush();
    expect(threads(ctx.session)).toEqual([]);
    ctx.release();
  });
});
