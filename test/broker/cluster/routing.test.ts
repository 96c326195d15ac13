// The two-node cluster itself: a topic routes across the nodes, and a queue declared on one node is
// reachable from the other (RabbitMQ proxies it to its home node).
import {
  collect,
  makeSession,
  releaseSessionsAfterEach,
  testQueue,
  uniqueName,
  waitFor,
  waitOpen,
} from "../helpers";
import { clusterUp, NODE_URL } from "./cluster";

releaseSessionsAfterEach();
beforeAll(clusterUp, 180_000);

describe("a two-node RabbitMQ cluster", () => {
  it("routes a topic published on node a to a subscriber on node b, every receipted send once and in order", async () => {
    const subscriber = makeSession({}, NODE_URL.b);
    const publisher = makeSession({}, NODE_URL.a);
    await Promise.all([waitOpen(subscriber.session), waitOpen(publisher.session)]);
    const topic = `/topic/${uniqueName("t")}`;
    const { messages } = await collect<{ n: number }>(subscriber.session, topic, { keep: 100 });
    for (let n = 0; n < 20; n++) await publisher.session.send(topic, { n }, { receipt: true });
    await waitFor(() => messages.length === 20, 5000, "20 messages across the nodes");
    expect(messages.map((m) => m.body.n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(subscriber.wire.urls).toEqual([NODE_URL.b]);
    expect(publisher.wire.urls).toEqual([NODE_URL.a]);
  });

  it("delivers through a queue declared on node a to a consumer on node b", async () => {
    const q = testQueue();
    const declarer = makeSession({}, NODE_URL.a);
    await waitOpen(declarer.session);
    const first = await collect(declarer.session, q.subscribe, { headers: q.headers });
    first.handle.release(true);
    const consumer = makeSession({}, NODE_URL.b);
    const producer = makeSession({}, NODE_URL.a);
    await Promise.all([waitOpen(consumer.session), waitOpen(producer.session)]);
    const { messages } = await collect(consumer.session, q.subscribe, { headers: q.headers });
    const sent = await producer.session.send(q.send, { via: "a" }, { receipt: true });
    await waitFor(() => messages.length === 1, 5000, "the message on node b");
    expect(messages[0]!.headers["x-idempotency-key"]).toBe(sent.idempotencyKey);
  });
});
