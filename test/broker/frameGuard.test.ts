// Issue 6 §4 on the real RabbitMQ (Node `ws` sockets): a frame over `maxFrameSize` closes the socket with a
// FrameError before stompjs's parser buffers it; the session reconnects, resubscribes and keeps working.
import { FrameError } from "stompkit/core";
import { makeSession, releaseSessionsAfterEach, uniqueName, waitFor, waitOpen } from "./helpers";

releaseSessionsAfterEach();

describe("frame guard on RabbitMQ", () => {
  it("refuses a MESSAGE over maxFrameSize with FrameError, reconnects and receives the next one intact", async () => {
    const consumer = makeSession({ maxFrameSize: 64 * 1024 });
    const producer = makeSession();
    await Promise.all([waitOpen(consumer.session), waitOpen(producer.session)]);
    const dest = `/topic/${uniqueName("big")}`;
    const got: string[] = [];
    const handle = consumer.session.subscriptions.subscribe<string>(dest, { parse: "text" }, (m) =>
      got.push(m.body),
    );
    await waitFor(() => handle.store.getState().status === "ready", 5000, "ready");

    const fits = "é".repeat(30_000); // 60,000 UTF-8 bytes: under the limit with its headers
    await producer.session.send(dest, fits, { receipt: true, contentType: "text/plain" });
    await waitFor(() => got.length === 1, 5000, "the message under the limit");
    expect(got[0]).toBe(fits);

    await producer.session.send(dest, "x".repeat(100_000), { receipt: true, contentType: "text/plain" });
    await waitFor(() => consumer.errors.some((e) => e instanceof FrameError), 5000, "the FrameError");
    const error = consumer.errors.find((e) => e instanceof FrameError) as FrameError;
    expect(error.reason).toBe("too-large");
    expect(error.maxFrameSize).toBe(64 * 1024);
    expect(got).toHaveLength(1);

    await waitOpen(consumer.session, 10_000, 2);
    await waitFor(() => handle.store.getState().status === "ready", 5000, "re-subscribed");
    await producer.session.send(dest, "small", { receipt: true, contentType: "text/plain" });
    await waitFor(() => got.length === 2, 5000, "the next message");
    expect(got[1]).toBe("small");
    expect(consumer.wire.count("CONNECT")).toBe(2);
  });
});
