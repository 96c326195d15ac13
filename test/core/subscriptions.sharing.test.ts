import type { IMessage } from "@stomp/stompjs";
import { registryInternals } from "stompkit/core";
import { acksSent, connected, flush } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("subscription identity", () => {
  it("keys by data only: a new parse/dedupe function on every call still shares one SUBSCRIBE", async () => {
    const { broker, session, release } = await connected();
    const handles = Array.from({ length: 5 }, (_, i) =>
      session.subscriptions.subscribe<string>("/topic/inline", {
        parse: (m: IMessage) => `${i}:${m.body}`,
        dedupe: (m) => m.raw,
      }),
    );
    await flush();
    expect(new Set(handles.map((h) => h.key)).size).toBe(1);
    expect(broker.count("SUBSCRIBE")).toBe(1);
    expect(registryInternals(session.subscriptions).keyOf("/topic/inline", { parse: () => 1 })).toBe(
      registryInternals(session.subscriptions).keyOf("/topic/inline", { parse: "text" }),
    );
    for (const h of handles) h.release(true);
    expect(broker.count("UNSUBSCRIBE")).toBe(1);
    release();
    await flush();
  });

  it("separates subscriptions by an explicit key, and encodes it (no collision through '#' or '&')", async () => {
    const { broker, session, release } = await connected();
    const a = session.subscriptions.subscribe("/topic/k", { key: "a#b" });
    const b = session.subscriptions.subscribe("/topic/k", { key: "a" });
    const plain = session.subscriptions.subscribe("/topic/k");
    await flush();
    expect(new Set([a.key, b.key, plain.key]).size).toBe(3);
    expect(broker.count("SUBSCRIBE")).toBe(3);
    for (const h of [a, b, plain]) h.release(true);
    release();
    await flush();
  });

  it("builds keys from any string without throwing (lone surrogates, separators in names and values)", async () => {
    const { broker, session, release } = await connected();
    const odd = { "a=b": "c&d", "x?": "\uD800#%" };
    const h = session.subscriptions.subscribe("/topic/odd", { headers: odd, key: "\uDFFF" });
    await flush();
    expect(broker.count("SUBSCRIBE")).toBe(1);
    expect(
      registryInternals(session.subscriptions).keyOf("/topic/odd", { headers: { "a=b": "c", "&d": "" } }),
    ).not.toBe(registryInternals(session.subscriptions).keyOf("/topic/odd", { headers: { "a=b": "c&d" } }));
    h.release(true);
    release();
    await flush();
  });

  it("uses the latest options of a subscriber (setOptions) without a new SUBSCRIBE", async () => {
    const { broker, session, release } = await connected();
    const h = session.subscriptions.subscribe<string>("/topic/p", { parse: () => "old" });
    await flush();
    broker.publish("/topic/p", "1");
    await flush();
    h.setOptions({ parse: (m) => `new ${m.body}` });
    broker.publish("/topic/p", "2");
    await flush();
    expect(h.store.getState().messages.map((m) => m.body)).toEqual(["old", "new 2"]);
    expect(broker.count("SUBSCRIBE")).toBe(1);
    h.release(true);
    release();
    await flush();
  });
});

describe("subscribers that disagree on one key", () => {
  it("keeps the largest `keep` of the live subscribers, and shrinks when that one leaves", async () => {
    const { broker, session, release } = await connected();
    const small = session.subscriptions.subscribe<number>("/topic/keep", { keep: 2 });
    const large = session.subscriptions.subscribe<number>("/topic/keep", { keep: 5 });
    await flush();
    for (let i = 1; i <= 6; i++) broker.publish("/topic/keep", String(i));
    await flush();
    expect(small.store.getState().messages.map((m) => m.body)).toEqual([2, 3, 4, 5, 6]);
    large.release(true);
    broker.publish("/topic/keep", "7");
    await flush();
    expect(small.store.getState().messages.map((m) => m.body)).toEqual([6, 7]);
    small.release(true);
    release();
    await flush();
  });

  it("acks per subscriber: with one autoAck and one manual subscriber, the ACK waits for the manual ack()", async () => {
    const { broker, session, release } = await connected();
    const got: { ack(): void }[] = [];
    const auto = session.subscriptions.subscribe("/queue/mixed", { ack: "client-individual" }, () => {});
    const manual = session.subscriptions.subscribe(
      "/queue/mixed",
      { ack: "client-individual", autoAck: false },
      (m) => got.push(m),
    );
    await flush();
    expect(broker.count("SUBSCRIBE")).toBe(1);
    broker.publish("/queue/mixed", "job");
    await flush();
    await acksSent();
    expect(broker.count("ACK")).toBe(0); // the manual subscriber has not acked yet
    got[0]!.ack();
    got[0]!.ack(); // settled once only
    await acksSent();
    expect(broker.count("ACK")).toBe(1);
    auto.release(true);
    manual.release(true);
    release();
    await flush();
  });

  it("waits for every manual subscriber, and NACKs at once when an autoAck listener throws", async () => {
    const { broker, session, release } = await connected();
    const got: { ack(): void; nack(): void }[] = [];
    const opts = { ack: "client-individual" as const, autoAck: false };
    const m1 = session.subscriptions.subscribe("/queue/two", opts, (m) => got.push(m));
    const m2 = session.subscriptions.subscribe("/queue/two", { ...opts }, () => {});
    await flush();
    broker.publish("/queue/two", "a");
    await flush();
    got[0]!.ack();
    await acksSent();
    expect(broker.count("ACK")).toBe(0);
    got[0]!.ack();
    await acksSent();
    expect(broker.count("ACK")).toBe(1);
    m2.release(true);
    let fail = true;
    const thrower = session.subscriptions.subscribe("/queue/two", { ack: "client-individual" }, () => {
      if (fail) {
        fail = false;
        throw new Error("no");
      }
    });
    broker.publish("/queue/two", "b");
    await acksSent();
    expect(broker.count("NACK")).toBe(1);
    got[1]!.ack(); // already NACKed: nothing more goes out for it
    await acksSent();
    expect(broker.count("ACK")).toBe(1);
    thrower.release(true);
    m1.release(true);
    release();
    await flush();
  });

  it("warns once per option (development only) when parse, dedupe or receipt disagree; the first one wins", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { broker, session, release } = await connected();
    const first = session.subscriptions.subscribe<string>("/topic/w", { parse: "text" });
    const second = session.subscriptions.subscribe("/topic/w", { parse: "json", dedupe: true });
    const third = session.subscriptions.subscribe("/topic/w", { parse: "raw", receipt: false });
    await flush();
    expect(warn.mock.calls.map((c) => String(c[0]).match(/`(\w+)`/)?.[1])).toEqual([
      "parse",
      "dedupe",
      "receipt",
    ]);
    broker.publish("/topic/w", '{"a":1}');
    await flush();
    expect(second.store.getState().last?.body).toBe('{"a":1}'); // the first subscriber's parser
    for (const h of [first, second, third]) h.release(true);
    // two functions cannot be told apart: no warning for an inline parser written in several places
    warn.mockClear();
    const f1 = session.subscriptions.subscribe("/topic/w2", { parse: (m) => m.body });
    const f2 = session.subscriptions.subscribe("/topic/w2", { parse: (m) => m.body });
    expect(warn).not.toHaveBeenCalled();
    f1.release(true);
    f2.release(true);
    release();
    await flush();
  });
});
