import {
  ChatActionError,
  type ChatMessage,
  ChatSendTimeoutError,
  InvalidMessageError,
} from "stompkit/chat/core";
import { NotDeliveredError } from "stompkit/core";
import { chatSession, chatThread, dropAndReconnect, flush } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

/** The status of the first message after every store change (to see the whole path). */
function statusPath(thread: {
  store: { subscribe: (fn: (s: { messages: readonly ChatMessage[] }) => void) => unknown };
}) {
  const path: string[] = [];
  thread.store.subscribe((s) => {
    const status = s.messages[0]?.status;
    if (status && path[path.length - 1] !== status) path.push(status);
  });
  return path;
}

describe("createChatThreadStore: optimistic send", () => {
  it("goes pending → sent (RECEIPT) → confirmed (echo swapped in place under the same clientId)", async () => {
    const ctx = await chatSession();
    const { thread, state } = await chatThread(ctx);
    const path = statusPath(thread);
    ctx.server.swallowEchoes(true);
    const sent = thread.send("hi there");
    const pending = state().messages[0]!;
    expect(pending).toMatchObject({
      status: "pending",
      mine: true,
      body: "hi there",
      user: { name: "alice" },
    });
    expect(pending.id).toBe(pending.clientId);
    await flush();
    expect(state().messages[0]).toMatchObject({ status: "sent", clientId: pending.clientId });

    // the echo, published late (stompx-2020: the receipt is in the resource)
    const stored = ctx.server.messages("1")[0]!;
    const receipt = ctx.server.broker.framesOf("SEND")[0]!.headers.receipt;
    expect(stored.receipt).toBe(receipt);
    ctx.server.broker.publish(
      "/topic/v1/threads/1.messages",
      JSON.stringify({
        type: "message.created",
        version: "v1",
        resource: {
          type: "TEXT",
          user: { name: "alice" },
          receipt,
          body: "hi there",
          createdTime: stored.createdTime,
        },
      }),
    );
    await flush();
    const confirmed = await sent;
    expect(confirmed).toMatchObject({
      status: "confirmed",
      clientId: pending.clientId,
      createdTime: stored.createdTime,
    });
    expect(confirmed.id).not.toBe(pending.clientId);
    expect(state().messages).toEqual([confirmed]);
    expect(path).toEqual(["pending", "sent", "confirmed"]);
    ctx.release();
  });

  it("is shown once when the echo arrives before the RECEIPT, and the late RECEIPT does not demote it", async () => {
    const ctx = await chatSession();
    const { thread, state } = await chatThread(ctx);
    const path = statusPath(thread);
    ctx.server.broker.delayReceipts(50);
    const sent = thread.send("fast echo");
    await flush();
    expect(state().messages).toMatchObject([{ status: "confirmed", body: "fast echo" }]);
    await sent;
    await vi.advanceTimersByTimeAsync(60); // the RECEIPT now
    expect(ctx.server.broker.framesOf("RECEIPT", "out").length).toBeGreaterThan(0);
    expect(state().messages).toMatchObject([{ status: "confirmed", body: "fast echo" }]);
    expect(path).toEqual(["pending", "confirmed"]);
    ctx.release();
  });

  it("is shown once when the same echo arrives twice (stompx-2020, same resource)", async () => {
    const ctx = await chatSession();
    const { thread, state } = await chatThread(ctx);
    await thread.send("twice");
    const echo = ctx.server.broker.framesOf("MESSAGE", "out").at(-1)!;
    ctx.server.broker.publish("/topic/v1/threads/1.messages", echo.body);
    await flush();
    expect(state().messages.map((m) => m.body)).toEqual(["twice"]);
    ctx.release();
  });

  it("drops a second echo of a confirmed send even with another server id (stompx-1, receipt-id header)", async () => {
    const ctx = await chatSession({ profile: "stompx-1" });
    const { thread, state } = await chatThread(ctx);
    const confirmed = await thread.send("once");
    const receipt = ctx.server.broker
      .framesOf("SEND")
      .find((f) => f.headers.destination?.endsWith(".message"))!.headers.receipt!;
    const [conn] = ctx.server.broker.openConnections();
    const sub = [...conn!.subscriptions.values()].find(
      (s) => s.destination === "/topic/v1/threads/1.messages",
    )!;
    ctx.server.broker.deliverTo(
      conn!,
      sub.id,
      JSON.stringify({
        type: "thread.message.created",
        version: "v1",
        resource: {
          id: "999",
          type: "TEXT",
          body: "once",
          user: { name: "alice" },
          createdTime: confirmed.createdTime,
        },
      }),
      { "receipt-id": receipt },
    );
    await flush();
    expect(state().messages).toHaveLength(1);
    expect(state().messages[0]!.id).toBe(confirmed.id);
    // …while another user's message that happens to carry the same receipt-id is not taken for ours
    ctx.server.broker.deliverTo(
      conn!,
      sub.id,
      JSON.stringify({
        type: "thread.message.created",
        resource: {
          id: "1000",
          type: "TEXT",
          body: "hello",
          user: { name: "bob" },
          createdTime: confirmed.createdTime,
        },
      }),
      { "receipt-id": receipt },
    );
    await flush();
    expect(state().messages.map((m) => [m.body, m.mine])).toEqual([
      ["once", true],
      ["hello", false],
    ]);
    ctx.release();
  });

  it("times out → failed (typed error) → retry() → confirmed, created once on the server (same idempotency key)", async () => {
    const ctx = await chatSession();
    const { thread, state } = await chatThread(ctx, { sendTimeout: 5000 });
    ctx.server.swallowEchoes(true);
    const first = thread.send("retry me");
    const outcome = expect(first).rejects.toBeInstanceOf(ChatSendTimeoutError);
    await vi.advanceTimersByTimeAsync(5000);
    await outcome;
    const failed = state().messages[0]!;
    expect(failed).toMatchObject({ status: "failed", body: "retry me" });
    expect(failed.error).toBeInstanceOf(ChatSendTimeoutError);
    expect(failed.error?.code).toBe("SEND_TIMEOUT");

    ctx.server.swallowEchoes(false);
    const again = thread.retry(failed.id);
    expect(state().messages).toMatchObject([
      { status: "pending", clientId: failed.clientId, error: undefined },
    ]);
    const confirmed = await again;
    expect(confirmed).toMatchObject({ status: "confirmed", clientId: failed.clientId, body: "retry me" });
    expect(state().messages).toHaveLength(1);
    const sends = ctx.server.broker.framesOf("SEND");
    expect(sends).toHaveLength(2);
    expect(sends[0]!.headers["x-idempotency-key"]).toBe(failed.clientId);
    expect(sends[1]!.headers["x-idempotency-key"]).toBe(failed.clientId);
    expect(sends[1]!.headers.receipt).not.toBe(sends[0]!.headers.receipt);
    expect(ctx.server.messages("1")).toHaveLength(1);
    ctx.release();
  });

  it("turns a failed message confirmed when its echo comes late, and retry() then refuses", async () => {
    const ctx = await chatSession();
    const { thread, state } = await chatThread(ctx, { sendTimeout: 2000 });
    ctx.server.delay(3000);
    const sent = thread.send("slow server");
    const outcome = expect(sent).rejects.toBeInstanceOf(ChatSendTimeoutError);
    await vi.advanceTimersByTimeAsync(2000);
    await outcome;
    expect(state().messages[0]!.status).toBe("failed");
    await vi.advanceTimersByTimeAsync(1000);
    expect(state().messages).toMatchObject([{ status: "confirmed", body: "slow server", error: undefined }]);
    await expect(thread.retry(state().messages[0]!.id)).rejects.toBeInstanceOf(InvalidMessageError);
    ctx.release();
  });

  for (const profile of ["stompx-2020", "stompx-1"] as const) {
    it(`is shown once after a reconnect when the server created it but the RECEIPT and echo were lost (${profile})`, async () => {
      const ctx = await chatSession({ profile });
      const { thread, state } = await chatThread(ctx);
      ctx.server.broker.stall("out"); // the server gets the SEND; nothing comes back
      const sent = thread.send("lost echo");
      await flush();
      expect(ctx.server.messages("1")).toHaveLength(1);
      expect(state().messages[0]!.status).toBe("pending");
      await dropAndReconnect(ctx.server);
      // the outbox re-sent it (same receipt and key): the server answered with the same message
      const confirmed = await sent;
      expect(confirmed.status).toBe("confirmed");
      expect(state().messages.map((m) => m.body)).toEqual(["lost echo"]);
      expect(state().missed).toBe(0); // the gap-fill page held it, but it is ours, not missed
      expect(ctx.server.messages("1")).toHaveLength(1);
      expect(state().status).toBe("ready");
      ctx.release();
    });
  }

  it("is shown once when the gap-fill page brings our message before its echo (stompx-1: page items carry no receipt)", async () => {
    const ctx = await chatSession({ profile: "stompx-1" });
    const { thread, state } = await chatThread(ctx);
    ctx.server.swallowEchoes(true);
    const sent = thread.send("page first");
    await flush();
    expect(state().messages[0]!.status).toBe("sent");
    await dropAndReconnect(ctx.server);
    await expect(sent).resolves.toMatchObject({ status: "confirmed", id: ctx.server.messages("1")[0]!.id });
    expect(state().messages.map((m) => m.body)).toEqual(["page first"]);
    expect(state().missed).toBe(0);
    ctx.release();
  });

  it("refuses empty, blank and over-long text with InvalidMessageError, adding nothing and sending nothing", async () => {
    const ctx = await chatSession();
    const { thread, state } = await chatThread(ctx, { maxLength: 10 });
    await expect(thread.send("")).rejects.toBeInstanceOf(InvalidMessageError);
    await expect(thread.send(" \n\t ")).rejects.toMatchObject({ code: "INVALID_MESSAGE" });
    await expect(thread.send("x".repeat(11))).rejects.toBeInstanceOf(InvalidMessageError);
    await expect(thread.send(42 as unknown as string)).rejects.toBeInstanceOf(InvalidMessageError);
    await expect(thread.retry("nope")).rejects.toBeInstanceOf(InvalidMessageError);
    expect(state().messages).toEqual([]);
    expect(ctx.server.broker.count("SEND")).toBe(0);
    ctx.release();
  });

  it("carries CR, LF, NUL, quotes and non-BMP text through unchanged", async () => {
    const ctx = await chatSession();
    const { thread, state } = await chatThread(ctx);
    const nasty = 'a\r\nb\u0000c"}{\\u0000 😀 \u202e';
    const confirmed = await thread.send(nasty);
    expect(confirmed.body).toBe(nasty);
    expect(JSON.parse(ctx.server.broker.framesOf("SEND")[0]!.body)).toEqual({ type: "TEXT", body: nasty });
    expect(state().messages).toHaveLength(1);
    ctx.release();
  });

  it("queues a send made while disconnected and confirms it after the reconnect", async () => {
    const ctx = await chatSession();
    const { thread, state } = await chatThread(ctx);
    let sent: Promise<ChatMessage> | undefined;
    await dropAndReconnect(ctx.server, () => {
      sent = thread.send("offline");
      expect(state().messages[0]!.status).toBe("pending");
      expect(state().status).toBe("reconnecting");
    });
    await expect(sent).resolves.toMatchObject({ status: "confirmed" });
    expect(state().messages).toHaveLength(1);
    ctx.release();
  });

  it("fails a send the session cannot deliver (closed) without an unhandled rejection", async () => {
    const ctx = await chatSession();
    const { thread, state } = await chatThread(ctx);
    ctx.server.refuse(true);
    ctx.server.drop();
    await flush();
    void thread.send("never"); // ignored promise: must not be an unhandled rejection
    ctx.release();
    await flush();
    expect(state().messages[0]).toMatchObject({ status: "failed" });
    expect(state().messages[0]!.error).toBeInstanceOf(NotDeliveredError);
  });
});

describe("createChatThreadStore: errors from the error queue", () => {
  it("fails only the send named by receipt-id", async () => {
    const ctx = await chatSession();
    const { thread, state } = await chatThread(ctx);
    ctx.server.rejectSends(1, "Profanity is not allowed");
    const a = thread.send("bad");
    const b = thread.send("good");
    await expect(a).rejects.toBeInstanceOf(ChatActionError);
    await expect(b).resolves.toMatchObject({ status: "confirmed" });
    const failed = state().messages.find((m) => m.body === "bad")!;
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatchObject({ code: "ACTION_FAILED", detail: "Profanity is not allowed" });
    expect((failed.error as ChatActionError).frame.headers["receipt-id"]).toBe(
      ctx.server.broker.framesOf("SEND")[0]!.headers.receipt,
    );
    ctx.release();
  });

  it("fails every send in flight on an unattributed error, and ignores receipts of other threads", async () => {
    const ctx = await chatSession();
    const { thread, state } = await chatThread(ctx);
    const other = await chatThread(ctx, { thread: "2" });
    ctx.server.delay(1000);
    const a = thread.send("a");
    const b = thread.send("b");
    const c = other.thread.send("c");
    const outcomes = [
      expect(a).rejects.toBeInstanceOf(ChatActionError),
      expect(b).rejects.toBeInstanceOf(ChatActionError),
    ];
    await flush();
    ctx.server.error("alice", "Service unavailable", { "receipt-id": "someone-elses" });
    await flush();
    expect(state().messages.map((m) => m.status)).toEqual(["pending", "pending"]);
    ctx.server.error("alice", "Service unavailable");
    await flush();
    await Promise.all(outcomes);
    expect(state().messages.map((m) => m.status)).toEqual(["failed", "failed"]);
    expect(other.state().messages.map((m) => m.status)).toEqual(["failed"]); // the other thread's send too
    void c;
    ctx.release();
  });
});
