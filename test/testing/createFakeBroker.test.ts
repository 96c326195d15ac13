import { Client } from "@stomp/stompjs";
import { createFakeBroker } from "stompkit/testing";

const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});

/** A bare stompjs client on the fake broker: the broker must speak STOMP to any client, not only ours. */
async function client(broker: ReturnType<typeof createFakeBroker>, headers: Record<string, string> = {}) {
  const c = new Client({
    webSocketFactory: broker.webSocketFactory,
    reconnectDelay: 0,
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    connectHeaders: headers,
  });
  const errors: string[] = [];
  c.onStompError = (f) => errors.push(f.headers.message ?? "");
  c.activate();
  await flush();
  return { c, errors };
}

describe("createFakeBroker", () => {
  it("answers CONNECT with CONNECTED, negotiating version and heart-beat", async () => {
    const broker = createFakeBroker({ heartbeat: "5000,6000", server: "test/1" });
    const { c } = await client(broker);
    expect(c.connected).toBe(true);
    const connected = broker.framesOf("CONNECTED", "out")[0]!;
    expect(connected.headers).toMatchObject({
      version: "1.2",
      server: "test/1",
      "heart-beat": "5000,6000",
      session: "session-1",
    });
    await c.deactivate();
  });

  it("routes SEND to topic subscribers with message-id, subscription and destination", async () => {
    const broker = createFakeBroker();
    const { c } = await client(broker);
    const got: Record<string, string>[] = [];
    c.subscribe("/topic/t", (m) => got.push({ ...m.headers, body: m.body }), { id: "s1" });
    c.subscribe("/topic/t", (m) => got.push({ ...m.headers, body: m.body }), { id: "s2" });
    c.publish({ destination: "/topic/t", body: "hi", headers: { "x-a": "1" } });
    await flush();
    expect(got).toHaveLength(2);
    expect(got[0]).toMatchObject({ destination: "/topic/t", subscription: "s1", "x-a": "1", body: "hi" });
    expect(got[0]!["message-id"]).toBeTruthy();
    expect(broker.subscriptionCount("/topic/t")).toBe(2);
    await c.deactivate();
    await flush();
    expect(broker.leaks()).toEqual({ sockets: 0, subscriptions: 0 });
  });

  it("holds /queue/ messages until a subscriber comes, then gives each to one subscriber", async () => {
    const broker = createFakeBroker();
    const { c } = await client(broker);
    broker.publish("/queue/q", "1");
    broker.publish("/queue/q", "2");
    expect(broker.queued("/queue/q")).toBe(2);
    const a: string[] = [];
    const b: string[] = [];
    c.subscribe("/queue/q", (m) => a.push(m.body), { id: "a" });
    c.subscribe("/queue/q", (m) => b.push(m.body), { id: "b" });
    await flush();
    broker.publish("/queue/q", "3");
    broker.publish("/queue/q", "4");
    await flush();
    expect([...a, ...b].sort()).toEqual(["1", "2", "3", "4"]);
    await c.deactivate();
  });

  it("answers receipts, runs transactions, and refuses unknown transactions with ERROR", async () => {
    const broker = createFakeBroker();
    const { c, errors } = await client(broker);
    const got: string[] = [];
    c.subscribe("/topic/tx", (m) => got.push(m.body));
    const tx = c.begin("t1");
    c.publish({ destination: "/topic/tx", body: "in-tx", headers: { transaction: "t1", receipt: "r1" } });
    await flush();
    expect(got).toEqual([]);
    expect(broker.framesOf("RECEIPT", "out").map((f) => f.headers["receipt-id"])).toContain("r1");
    tx.commit();
    await flush();
    expect(got).toEqual(["in-tx"]);
    c.publish({ destination: "/topic/tx", body: "x", headers: { transaction: "nope" } });
    await flush();
    expect(errors).toEqual(["Unknown transaction nope"]);
    expect(broker.openConnections()).toHaveLength(0); // ERROR closes, per STOMP 1.2
  });

  it("acks cumulatively per subscription with ack:client: another subscription's messages are redelivered after a drop", async () => {
    const broker = createFakeBroker();
    const { c } = await client(broker);
    const a: { body: string; ack: () => void }[] = [];
    const b: string[] = [];
    c.subscribe("/queue/cum-a", (m) => a.push({ body: m.body, ack: () => m.ack() }), {
      id: "a",
      ack: "client",
    });
    c.subscribe("/queue/cum-b", (m) => b.push(m.body), { id: "b", ack: "client" });
    await flush();
    // Interleaved on one connection: a1, b1, a2, b2, a3.
    broker.publish("/queue/cum-a", "a1");
    broker.publish("/queue/cum-b", "b1");
    broker.publish("/queue/cum-a", "a2");
    broker.publish("/queue/cum-b", "b2");
    broker.publish("/queue/cum-a", "a3");
    await flush();
    expect(a.map((m) => m.body)).toEqual(["a1", "a2", "a3"]);
    expect(b).toEqual(["b1", "b2"]);
    a[1]!.ack(); // ACK a2: settles a1 and a2 (same subscription), nothing of b's, not a3
    await flush();
    expect(broker.framesOf("ACK")).toHaveLength(1);
    await c.deactivate({ force: true }); // the connection fails: what is unacked goes back to the queues
    await flush();

    const again = await client(broker);
    const redelivered: string[] = [];
    again.c.subscribe("/queue/cum-a", (m) => redelivered.push(m.body), { id: "a" });
    again.c.subscribe("/queue/cum-b", (m) => redelivered.push(m.body), { id: "b" });
    await flush();
    const wire = broker.framesOf("MESSAGE", "out").filter((f) => f.connection === 2);
    expect(wire.map((f) => f.body).sort()).toEqual(["a3", "b1", "b2"]);
    expect(wire.every((f) => f.headers.redelivered === "true")).toBe(true);
    expect(redelivered.sort()).toEqual(["a3", "b1", "b2"]);
    await again.c.deactivate();
  });

  it("acks one message only with ack:client-individual, and NACK redelivers it at once", async () => {
    const broker = createFakeBroker();
    const { c } = await client(broker);
    const got: { body: string; redelivered: boolean; ack: () => void; nack: () => void }[] = [];
    c.subscribe(
      "/queue/ind",
      (m) =>
        got.push({
          body: m.body,
          redelivered: m.headers.redelivered === "true",
          ack: () => m.ack(),
          nack: () => m.nack(),
        }),
      { id: "i", ack: "client-individual" },
    );
    await flush();
    for (const n of ["1", "2", "3"]) broker.publish("/queue/ind", n);
    await flush();
    got[1]!.ack(); // only "2"
    got[0]!.nack(); // "1" comes back now
    await flush();
    expect(got.map((m) => `${m.body}${m.redelivered ? "*" : ""}`)).toEqual(["1", "2", "3", "1*"]);
    await c.deactivate({ force: true });
    await flush();
    const again = await client(broker);
    const redelivered: string[] = [];
    again.c.subscribe("/queue/ind", (m) => redelivered.push(m.body), { id: "i" });
    await flush();
    expect(redelivered.sort()).toEqual(["1", "3"]); // "2" was acked; "1" (redelivered, unacked) and "3" come back
    await again.c.deactivate();
  });

  it("refuses CONNECT through `authenticate`, and can keep the socket open after ERROR", async () => {
    const broker = createFakeBroker({
      authenticate: (h) => (h.passcode === "ok" ? undefined : "bad"),
      closeOnError: false,
    });
    const { c, errors } = await client(broker, { passcode: "no" });
    expect(errors).toEqual(["bad"]);
    expect(c.connected).toBe(false);
    expect(broker.openConnections()).toHaveLength(1); // like RabbitMQ: ERROR, socket left open
    await c.deactivate({ force: true });
  });

  it("records frames both ways and counts connections", async () => {
    const broker = createFakeBroker();
    const { c } = await client(broker, { login: "ada", passcode: "x" });
    c.subscribe("/topic/a", () => {});
    await c.deactivate();
    await flush();
    expect(broker.frames.map((f) => `${f.direction} ${f.command}`)).toEqual([
      "in CONNECT",
      "out CONNECTED",
      "in SUBSCRIBE",
      "in DISCONNECT",
      "out RECEIPT",
    ]);
    expect(broker.connectionCount).toBe(1);
    expect(broker.connections[0]!.connectHeaders.login).toBe("ada");
  });
});
