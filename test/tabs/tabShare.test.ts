// Tabs of one origin share one STOMP session (issue 15): election, forwarding, handover, fallback.
// Fake tabs (./fakeTabs.ts: BroadcastChannel + Web Locks, close / kill / freeze), the fake broker,
// fake timers.
import {
  ConnectTimeoutError,
  createStompSession,
  StompConfigError,
  type StompMessage,
  type StompSession,
  type StompSessionOptions,
} from "stompkit/core";
import { shareAcrossTabs } from "stompkit/tabs";
import { createFakeBroker, type FakeBroker } from "stompkit/testing";
import { createFakeTabs, type FakeTab } from "./fakeTabs";

beforeEach(() => {
  vi.useFakeTimers();
});

const realClock = {
  now: () => Date.now(),
  setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clearTimeout: (id: unknown) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

interface Tab {
  tab: FakeTab;
  session: StompSession;
  stop: () => void;
  release: () => void;
  errors: unknown[];
}

function world(name = "app") {
  const broker = createFakeBroker();
  const tabs = createFakeTabs(realClock);
  const open: Tab[] = [];
  const openTab = (
    id: string,
    passcode = "secret-token",
    shareName = name,
    extra: Partial<StompSessionOptions> = {},
  ): Tab => {
    const tab = tabs.tab(id);
    const errors: unknown[] = [];
    const session = createStompSession({
      webSocketFactory: broker.webSocketFactory,
      connectHeaders: { login: "ada", passcode },
      heartbeat: { outgoing: 0, incoming: 0 },
      reconnect: { initialDelay: 200, maxDelay: 1000 },
      clock: tab.clock,
      notify: "microtask",
      onError: (e) => errors.push(e),
      ...extra,
    });
    const stop = shareAcrossTabs(session, { name: shareName, environment: tab })!;
    const release = session.mount();
    const t = { tab, session, stop, release, errors };
    open.push(t);
    return t;
  };
  return { broker, tabs, open, openTab };
}

const openSockets = (broker: FakeBroker) => broker.openConnections().length;
const isOpen = (t: Tab) => t.session.connection.getState().status === "open";

async function settle(ms = 3000) {
  await vi.advanceTimersByTimeAsync(ms);
}

function collect(t: Tab, destination: string, options = {}) {
  const got: StompMessage<unknown>[] = [];
  const handle = t.session.subscriptions.subscribe(destination, { parse: "text", ...options }, (m) =>
    got.push(m),
  );
  return { got, handle };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("tabs share one connection", () => {
  it("5 tabs, 10 destinations: 1 broker connection, 10 SUBSCRIBEs; each message once in every tab, in order", async () => {
    const { broker, openTab } = world();
    const tabs = ["a", "b", "c", "d", "e"].map((id) => openTab(id));
    await settle();
    expect(tabs.every(isOpen)).toBe(true);
    expect(broker.connectionCount).toBe(1);
    expect(openSockets(broker)).toBe(1);
    const destinations = Array.from({ length: 10 }, (_, i) => `/topic/d${i}`);
    const got = tabs.map((t) => destinations.map((d) => collect(t, d).got));
    await settle(500);
    expect(broker.count("SUBSCRIBE")).toBe(10);
    for (let n = 0; n < 3; n++) for (const d of destinations) broker.publish(d, `${d}#${n}`);
    await settle(100);
    for (const perTab of got) {
      perTab.forEach((list, i) => {
        expect(list.map((m) => m.raw)).toEqual([0, 1, 2].map((n) => `/topic/d${i}#${n}`));
      });
    }
  });

  it("a follower's last component leaving unsubscribes only when no tab wants the destination", async () => {
    const { broker, openTab } = world();
    const [a, b] = [openTab("a"), openTab("b")];
    await settle();
    const inA = collect(a, "/topic/x");
    const inB = collect(b, "/topic/x");
    await settle(500);
    expect(broker.count("SUBSCRIBE")).toBe(1);
    const follower = [a, b].find((t) => t.session.connection.getState().connected?.session?.includes(":"))!;
    const leader = follower === a ? b : a;
    (follower === a ? inA : inB).handle.release();
    await settle(1000);
    expect(broker.count("UNSUBSCRIBE")).toBe(0); // the leader's own component still wants it
    (leader === a ? inA : inB).handle.release();
    await settle(1000);
    expect(broker.count("UNSUBSCRIBE")).toBe(1);
  });

  it("a follower's send goes through the leader: one SEND, its RECEIPT back to the tab that asked", async () => {
    const { broker, openTab } = world();
    const tabs = [openTab("a"), openTab("b")];
    await settle();
    const follower = tabs.find((t) => t.session.connection.getState().connected?.session?.includes(":"))!;
    const result = follower.session.send("/queue/orders", { n: 1 }, { receipt: true });
    await settle(100);
    await expect(result).resolves.toMatchObject({ receiptId: expect.any(String) });
    const sends = broker.framesOf("SEND");
    expect(sends).toHaveLength(1);
    expect(sends[0]!.headers["x-idempotency-key"]).toBe((await result).idempotencyKey);
    expect(sends[0]!.body).toBe('{"n":1}');
  });

  it("a follower's client ack reaches the broker once", async () => {
    const { broker, openTab } = world();
    const tabs = [openTab("a"), openTab("b")];
    await settle();
    const follower = tabs.find((t) => t.session.connection.getState().connected?.session?.includes(":"))!;
    const { got } = collect(follower, "/queue/jobs", { ack: "client-individual", autoAck: false });
    await settle(500);
    broker.publish("/queue/jobs", "job");
    await settle(100);
    expect(got).toHaveLength(1);
    expect(broker.count("ACK")).toBe(0);
    got[0]!.ack();
    await settle(100);
    expect(broker.count("ACK")).toBe(1);
    expect(broker.openConnections()[0]!.unacked.size).toBe(0);
  });

  it("a follower's unacked client-ack message: given to its next link if its session reconnects, voted for if its tab dies", async () => {
    const { broker, openTab } = world();
    const tabs = ["a", "b", "c"].map((id) => openTab(id));
    await settle();
    const followers = tabs.filter((t) => t.session.connection.getState().connected?.session?.includes(":"));
    const [stays, dies] = followers as [Tab, Tab];
    const opts = { ack: "client-individual", autoAck: false } as const;
    const kept = collect(stays, "/queue/jobs", opts).got;
    const lost = collect(dies, "/queue/jobs", opts).got;
    await settle(500);
    broker.publish("/queue/jobs", "job", { "message-id": "job-1" });
    await settle(100);
    expect([kept.length, lost.length]).toEqual([1, 1]);
    stays.session.reconnect(); // its link ends without DISCONNECT: the message waits for its next link
    await settle(2000);
    expect(isOpen(stays)).toBe(true);
    expect(kept.map((m) => m.raw)).toEqual(["job", "job"]); // given again (`dedupe` would drop and ack it)
    kept[1]!.ack();
    await settle(100);
    expect(broker.count("ACK")).toBe(0); // the other follower has not acked yet
    dies.tab.kill(); // gone, its ACK never comes: after a silence window its vote is given up
    await settle(6000);
    expect(broker.count("ACK")).toBe(1);
    expect(broker.openConnections()[0]!.unacked.size).toBe(0);
  });

  it("credentials never cross the channel: the leader connects with its own, followers send none", async () => {
    const { broker, tabs, openTab } = world();
    openTab("a", "token-1234");
    openTab("b", "token-1234");
    openTab("c", "token-1234");
    await settle();
    expect(broker.connectionCount).toBe(1);
    const crossed = JSON.stringify(tabs.posted);
    expect(crossed).not.toMatch(/token-1234|passcode|login/);
    const connects = broker.framesOf("CONNECT");
    expect(connects).toHaveLength(1);
    expect(connects[0]!.headers.passcode).toBe("token-1234");
  });

  it("two identities (other CONNECT headers) on one name never share: the other tab connects on its own", async () => {
    const { broker, openTab } = world();
    const ada = openTab("a", "token-of-ada");
    const bob = openTab("b", "token-of-bob");
    const ada2 = openTab("c", "token-of-ada");
    await settle();
    expect([ada, bob, ada2].every(isOpen)).toBe(true);
    expect(broker.connectionCount).toBe(2); // ada's two tabs share one; bob has his own
    expect(
      broker
        .framesOf("CONNECT")
        .map((f) => f.headers.passcode)
        .sort(),
    ).toEqual(["token-of-ada", "token-of-bob"]);
    const got = collect(bob, "/user/queue/private").got;
    await settle(200);
    broker.publish("/user/queue/private", "for bob");
    await settle(100);
    expect(got.map((m) => m.raw)).toEqual(["for bob"]);
  });

  it("different names never share: one connection each", async () => {
    const { broker, openTab } = world();
    openTab("a", "t", "chat:user-1");
    openTab("b", "t", "chat:user-2");
    openTab("c", "t", "chat:user-1");
    await settle();
    expect(broker.connectionCount).toBe(2);
  });
});

describe("the leader's work", () => {
  const leaderOf = (tabs: Tab[]) =>
    tabs.find((t) => !t.session.connection.getState().connected?.session?.includes(":"))!;
  const dataHeard = (t: Tab) => t.tab.heard.filter((m) => (m as { k?: string }).k === "data").length;

  it("each message wakes each follower once: a tab hears only its own link, never the others'", async () => {
    const { broker, openTab } = world();
    const tabs = ["a", "b", "c", "d", "e"].map((id) => openTab(id));
    await settle();
    const lists = tabs.map((t) => collect(t, "/topic/t").got);
    await settle(500);
    const leader = leaderOf(tabs);
    const followers = tabs.filter((t) => t !== leader);
    const before = tabs.map(dataHeard);
    const published = 20;
    for (let i = 0; i < published; i++) broker.publish("/topic/t", `m${i}`);
    await settle(100);
    const expected = Array.from({ length: published }, (_, i) => `m${i}`);
    for (const list of lists) expect(list.map((m) => m.raw)).toEqual(expected);
    for (const t of followers) {
      const heard = dataHeard(t) - before[tabs.indexOf(t)]!;
      expect(heard).toBeGreaterThan(0);
      expect(heard).toBeLessThanOrEqual(published); // not 4 × 20: the other followers' copies never reach it
    }
    expect(dataHeard(leader) - before[tabs.indexOf(leader)]!).toBe(0); // auto acks: nothing comes back
  });

  it("a follower that subscribed first does not decide how the leader's own component parses", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const { broker, openTab } = world();
      const tabs = [openTab("a"), openTab("b")];
      await settle();
      const leader = leaderOf(tabs);
      const follower = tabs.find((t) => t !== leader)!;
      const inFollower = collect(follower, "/topic/j", { parse: "text" }).got;
      await settle(500);
      const inLeader: StompMessage<unknown>[] = [];
      leader.session.subscriptions.subscribe("/topic/j", { dedupe: true }, (m) => inLeader.push(m)); // parse: json
      await settle(500);
      expect(broker.count("SUBSCRIBE")).toBe(1);
      broker.publish("/topic/j", '{"n":1}', { "message-id": "j1" });
      await settle(100);
      expect(inLeader.map((m) => m.body)).toEqual([{ n: 1 }]);
      expect(inFollower.map((m) => m.body)).toEqual(['{"n":1}']);
      expect(warn).not.toHaveBeenCalled(); // the relay is not a subscriber that disagrees
    } finally {
      warn.mockRestore();
    }
  });
});

describe("handover", () => {
  async function midStream(end: (leader: Tab, broker: FakeBroker) => void) {
    const { broker, openTab } = world();
    const tabs = ["a", "b", "c"].map((id) => openTab(id));
    await settle();
    const leader = tabs.find((t) => !t.session.connection.getState().connected?.session?.includes(":"))!;
    const others = tabs.filter((t) => t !== leader);
    const got = others.map((t) => collect(t, "/topic/live", { dedupe: true }).got);
    await settle(500);
    let n = 0;
    const publish = () => broker.publish("/topic/live", `m${n++}`, { "message-id": `m${n}` });
    for (let i = 0; i < 5; i++) publish();
    await settle(100);
    const sent = others[0]!.session.send("/queue/out", "in flight", { receipt: true });
    end(leader, broker);
    const t0 = Date.now();
    await vi.waitFor(
      async () => {
        await vi.advanceTimersByTimeAsync(50);
        if (!others.every(isOpen) || broker.subscriptionCount("/topic/live") !== 1)
          throw new Error("not yet");
      },
      { timeout: 10_000, interval: 0 },
    );
    const handover = Date.now() - t0;
    for (let i = 0; i < 5; i++) publish();
    await settle(100);
    await expect(sent).resolves.toMatchObject({ receiptId: expect.any(String) });
    return { broker, got, handover, others };
  }

  it("the leader's tab closes: a follower leads within a bounded time, re-subscribes, nothing lost or doubled after", async () => {
    const { broker, got, handover, others } = await midStream((leader, b) => {
      const socket = b.openConnections()[0]!;
      leader.release(); // the app's unmount on pagehide…
      leader.stop();
      leader.tab.kill(); // …then the tab is gone, and the browser closes its socket (1001, going away)
      socket.drop(1001);
    });
    expect(handover).toBeLessThanOrEqual(1500);
    expect(openSockets(broker)).toBe(1);
    for (const list of got) {
      const bodies = list.map((m) => m.raw);
      expect(new Set(bodies).size).toBe(bodies.length); // nothing twice
      expect(bodies.slice(0, 5)).toEqual(["m0", "m1", "m2", "m3", "m4"]);
      expect(bodies.slice(-5)).toEqual(["m5", "m6", "m7", "m8", "m9"]);
    }
    // The send in flight went out once per connection it was in flight on, with one idempotency key.
    const keys = new Set(broker.framesOf("SEND").map((f) => f.headers["x-idempotency-key"]));
    expect(keys.size).toBe(1);
    expect(others.every(isOpen)).toBe(true);
  });

  it("the leader's renderer is killed (no close, no release): the lock passes on, the others carry on", async () => {
    const { broker, got } = await midStream((leader, b) => {
      const socket = b.openConnections()[0]!;
      leader.tab.kill();
      socket.drop(1006); // the dead renderer's TCP connection is reset: the broker sees it go
    });
    expect(openSockets(broker)).toBe(1);
    for (const list of got) expect(list.map((m) => m.raw).slice(-5)).toEqual(["m5", "m6", "m7", "m8", "m9"]);
  });

  /** Three tabs read one work queue (client acks, dedupe); `end` ends the leader's socket mid-stream. */
  async function workQueue(
    end: (leader: Tab, broker: FakeBroker) => void,
    extra: (id: string) => Partial<StompSessionOptions> = () => ({}),
  ) {
    const { broker, openTab } = world();
    const tabs = ["a", "b", "c"].map((id) => openTab(id, "secret-token", "app", extra(id)));
    await settle();
    const leader = tabs.find((t) => !t.session.connection.getState().connected?.session?.includes(":"))!;
    const opts = { ack: "client-individual", dedupe: true };
    const got = tabs.map((t) => collect(t, "/queue/jobs", opts).got);
    await settle(500);
    const publish = (n: number) => broker.publish("/queue/jobs", `j${n}`, { "message-id": `j${n}` });
    for (let i = 0; i < 5; i++) publish(i);
    await settle(100);
    end(leader, broker);
    // The broker holds these (and the old leader's unacked ones) until the next SUBSCRIBE, then
    // delivers them at once — before a follower slower than the new leader has re-linked.
    for (let i = 5; i < 15; i++) publish(i);
    const live = tabs.filter((t) => !t.tab.frozen && t.session.connection.getState().status !== "closed");
    const t0 = Date.now();
    await vi.waitFor(
      async () => {
        await vi.advanceTimersByTimeAsync(50);
        if (!live.every(isOpen) || broker.subscriptionCount("/queue/jobs") !== 1) throw new Error("not yet");
      },
      { timeout: 10_000, interval: 0 },
    );
    const handover = Date.now() - t0;
    for (let i = 15; i < 20; i++) publish(i);
    await settle(3000);
    const all = Array.from({ length: 20 }, (_, i) => `j${i}`).sort();
    return { broker, all, handover, bodies: (t: Tab) => got[tabs.indexOf(t)]!.map((m) => m.raw), live };
  }
  const killLeader = (leader: Tab, broker: FakeBroker) => {
    const socket = broker.openConnections()[0]!;
    leader.tab.kill();
    socket.drop(1006);
  };
  const expectEveryJob = async (run: ReturnType<typeof workQueue>, tabs: (live: Tab[]) => Tab[]) => {
    const { broker, all, bodies, live } = await run;
    for (const t of tabs(live)) {
      expect(new Set(bodies(t)).size).toBe(bodies(t).length); // nothing twice
      expect([...bodies(t)].sort()).toEqual(all); // nothing lost
    }
    expect(broker.openConnections()).toHaveLength(1);
    expect(broker.openConnections()[0]!.unacked.size).toBe(0); // every tab's vote came: all acked
    expect(broker.queued("/queue/jobs")).toBe(0);
    return run;
  };

  it("a work queue with client acks: what the broker delivers at the new leader's SUBSCRIBE reaches every follower", async () => {
    await expectEveryJob(workQueue(killLeader), (live) => live.filter((t) => t.tab.id !== "a"));
  });

  it("… also for a follower slower to re-link than the new leader (its connectHeaders take 300 ms): the new leader's socket waits for it", async () => {
    const slow = (id: string): Partial<StompSessionOptions> =>
      id === "c"
        ? {
            connectHeaders: () =>
              new Promise((resolve) =>
                setTimeout(() => resolve({ login: "ada", passcode: "secret-token" }), 300),
              ),
          }
        : {};
    const { handover } = await expectEveryJob(workQueue(killLeader, slow), (live) =>
      live.filter((t) => t.tab.id !== "a"),
    );
    expect(handover).toBeLessThanOrEqual(1500);
  });

  it("… also when the leader's own connection drops (no handover): the followers' relays wait for their next link", async () => {
    await expectEveryJob(
      workQueue((_, broker) => broker.openConnections()[0]!.drop(1006)),
      (live) => live,
    );
  });

  it("a tab that followed but never re-links (frozen) holds the new leader's socket back one beat at most", async () => {
    const { broker, openTab } = world();
    const tabs = ["a", "b", "c"].map((id) => openTab(id));
    await settle();
    const [a, b, c] = tabs as [Tab, Tab, Tab];
    collect(b, "/topic/live");
    await settle(500);
    c.tab.freeze(true);
    const socket = broker.openConnections()[0]!;
    a.tab.kill();
    socket.drop(1006);
    const t0 = Date.now();
    await vi.waitFor(
      async () => {
        await vi.advanceTimersByTimeAsync(10);
        if (!isOpen(b) || broker.openConnections().length !== 1) throw new Error("not yet");
      },
      { timeout: 5000, interval: 0 },
    );
    expect(Date.now() - t0).toBeLessThanOrEqual(500 + 200); // the beat period, plus a connect
    expect(broker.subscriptionCount("/topic/live")).toBe(1);
  });

  it("a relay the follower never claims gives its vote up: the others' ACKs still reach the broker", async () => {
    const { broker, openTab } = world();
    const tabs = ["a", "b"].map((id) => openTab(id));
    await settle();
    const leader = tabs.find((t) => !t.session.connection.getState().connected?.session?.includes(":"))!;
    const follower = tabs.find((t) => t !== leader)!;
    const opts = { ack: "client-individual" };
    const mine = collect(leader, "/queue/jobs", opts);
    const theirs = collect(follower, "/queue/jobs", opts);
    await settle(500);
    // The leader's connection drops: the follower's link ends, its session re-links and offers its
    // subscriptions — and its component unmounts before its CONNECTED, so it never claims the relay.
    broker.openConnections()[0]!.drop(1006);
    theirs.handle.release(true);
    broker.publish("/queue/jobs", "j0", { "message-id": "j0" });
    await settle(6000);
    expect(mine.got.map((m) => m.raw)).toContain("j0");
    expect(broker.openConnections()).toHaveLength(1);
    expect(broker.openConnections()[0]!.unacked.size).toBe(0);
    expect(broker.subscriptionCount("/queue/jobs")).toBe(1);
  });

  it("a frozen leader (no freeze event) is taken over; when it wakes it steps down and sends nothing", async () => {
    const { broker, openTab } = world();
    const tabs = ["a", "b"].map((id) => openTab(id));
    await settle();
    const leader = tabs.find((t) => !t.session.connection.getState().connected?.session?.includes(":"))!;
    const follower = tabs.find((t) => t !== leader)!;
    const { got } = collect(follower, "/topic/live");
    await settle(500);
    const oldConnection = broker.openConnections()[0]!.id;
    leader.tab.freeze(true);
    await settle(6000);
    expect(isOpen(follower)).toBe(true);
    const connections = broker.openConnections().map((c) => c.id);
    expect(connections).toContain(oldConnection); // the frozen tab's socket is still open
    expect(connections.length).toBe(2);
    const before = broker.frames.filter((f) => f.direction === "in" && f.connection === oldConnection).length;
    leader.tab.resume();
    await settle(3000);
    const after = broker.frames.filter((f) => f.direction === "in" && f.connection === oldConnection).length;
    expect(after).toBe(before); // woke, stepped down: not one frame more on its old socket
    expect(broker.openConnections().map((c) => c.id)).not.toContain(oldConnection);
    expect(isOpen(leader)).toBe(true); // now a follower of the new leader
    broker.publish("/topic/live", "after");
    await settle(100);
    expect(got.map((m) => m.raw)).toEqual(["after"]);
  });
});

describe("Page Lifecycle", () => {
  it("a leader told it will be frozen (freeze event) steps down at once: a follower leads before any silence", async () => {
    const { broker, openTab } = world();
    const tabs = ["a", "b"].map((id) => openTab(id));
    await settle();
    const leader = tabs.find((t) => !t.session.connection.getState().connected?.session?.includes(":"))!;
    const follower = tabs.find((t) => t !== leader)!;
    leader.tab.freeze(); // the browser fires `freeze` first, then freezes the tab
    await settle(1000); // well under the 2.5 s a silent leader is given
    expect(isOpen(follower)).toBe(true);
    expect(follower.session.connection.getState().connected?.session).not.toMatch(/:/); // its own socket now
    // Its freeze handler stepped down before the freeze: it closed its socket, so one is open.
    expect(broker.openConnections().length).toBe(1);
    leader.tab.resume();
    await settle(3000);
    expect(broker.openConnections().length).toBe(1);
    expect(isOpen(leader)).toBe(true); // a follower now
  });
});

describe("hostile and careless input", () => {
  it("a name that is not a non-empty string is a StompConfigError; nothing is opened", () => {
    const broker = createFakeBroker();
    const tabs = createFakeTabs(realClock);
    const session = createStompSession({ webSocketFactory: broker.webSocketFactory });
    for (const name of ["", 5, null, undefined, { toString: () => "x" }]) {
      expect(() => shareAcrossTabs(session, { name: name as string, environment: tabs.tab("a") })).toThrow(
        StompConfigError,
      );
    }
    expect(tabs.posted).toHaveLength(0);
    expect(broker.connectionCount).toBe(0);
  });

  it("a name with CR/LF/NUL, 100,000 characters long, works as any other name (it is never on the wire)", async () => {
    const { broker, openTab } = world();
    const nasty = `chat\r\nlogin:root\0${"x".repeat(100_000)}`;
    const tabs = [openTab("a", "t", nasty), openTab("b", "t", nasty), openTab("c", "t", `${nasty}y`)];
    await settle();
    expect(tabs.every(isOpen)).toBe(true);
    expect(broker.connectionCount).toBe(2); // a and b share; c's name differs by one character
    expect(broker.frames.some((f) => JSON.stringify(f).includes("login:root"))).toBe(false);
  });

  it("garbage posted on the channels by another page of the origin is dropped; the tabs carry on", async () => {
    const { broker, tabs: fake, openTab } = world();
    const tabs = ["a", "b", "c"].map((id) => openTab(id));
    await settle();
    const lists = tabs.map((t) => collect(t, "/topic/g").got);
    await settle(500);
    const intruder = fake.tab("intruder");
    const origin = intruder.channel("stompkit:app");
    const follower = tabs.find((t) => t.session.connection.getState().connected?.session?.includes(":"))!;
    const link = follower.session.connection.getState().connected!.session!;
    const onLink = intruder.channel(`stompkit:app\n${link}`);
    for (const junk of [
      null,
      42,
      "MESSAGE\n\n\0",
      { k: "beat" },
      { k: "beat", from: "intruder", leader: true, epoch: Number.NaN },
      { k: "data", from: "intruder", to: "a", link, data: 7 },
      { k: "open", from: "intruder", to: "a", link: "x", identity: "forged" },
      { k: "data", from: "intruder", link, data: "MESSAGE\nsubscription:1\nmessage-id:forged\n\nforged\0" },
      { k: "close", from: "intruder", link },
      { k: "beat", from: "intruder", leader: false, epoch: 1, shares: "yes" },
      { k: "beat", from: "intruder", leader: true, epoch: Number.POSITIVE_INFINITY, shares: true },
      { k: "open", from: "intruder", to: "a", link: "y", identity: "x", subs: [null] },
    ]) {
      origin.postMessage(junk);
      onLink.postMessage(junk);
    }
    await settle(3000);
    expect(tabs.every(isOpen)).toBe(true);
    expect(follower.session.connection.getState().connected!.session).toBe(link); // the same link
    expect(broker.openConnections()).toHaveLength(1);
    broker.publish("/topic/g", "after");
    await settle(100);
    for (const list of lists) expect(list.map((m) => m.raw)).toEqual(["after"]); // nothing forged shown
  });

  it("subscriptions offered in an `open` are checked: malformed ones drop the open, another identity's are never subscribed, a bad destination is skipped, an unclaimed one is given up", async () => {
    const { broker, tabs: fake, openTab } = world();
    const tabs = ["a", "b"].map((id) => openTab(id));
    await settle();
    const leaderId = (fake.posted.find((m) => (m as { leader?: boolean }).leader) as { from: string }).from;
    const opened = (link: string) =>
      fake.posted.some(
        (m) => (m as { k?: string; link?: string }).k === "opened" && (m as { link?: string }).link === link,
      );
    const identity = (fake.posted.find((m) => (m as { k?: string }).k === "open") as { identity: string })
      .identity;
    const origin = fake.tab("intruder").channel("stompkit:app");
    const offer = (destination: string, more = {}) => ({
      id: "s1",
      destination,
      ack: "auto",
      headers: {},
      ...more,
    });
    const open = (link: string, subs: unknown, who = identity) =>
      origin.postMessage({ k: "open", from: "intruder", to: leaderId, link, identity: who, subs });
    open("bad-1", "not a list");
    open("bad-2", [offer("/queue/x", { ack: "sometimes" })]);
    open("bad-3", [offer("/queue/x", { headers: { n: 5 } })]);
    open("bad-4", [{ id: 1, destination: "/queue/x", ack: "auto", headers: {} }]);
    open("other", [offer("/queue/bobs-secrets")], "someone-else");
    open("crlf", [offer("/queue/a\nx"), { ...offer("/queue/offered"), id: "s2" }]);
    await settle(100);
    for (const link of ["bad-1", "bad-2", "bad-3", "bad-4"]) expect(opened(link)).toBe(false);
    const refused = fake.posted.some(
      (m) => (m as { k?: string }).k === "refused" && (m as { link?: string }).link === "other",
    );
    expect(refused).toBe(true);
    expect(broker.subscriptionCount("/queue/bobs-secrets")).toBe(0); // refused: its offer never subscribed
    expect(opened("crlf")).toBe(true); // the bad destination skipped, the good one relayed…
    expect(broker.framesOf("SUBSCRIBE").some((f) => f.headers.destination?.includes("\n"))).toBe(false);
    expect(broker.subscriptionCount("/queue/offered")).toBe(1);
    await settle(3000); // …until the link, never sending CONNECT, has claimed nothing for a silence window
    expect(broker.subscriptionCount("/queue/offered")).toBe(0);
    expect(tabs.every(isOpen)).toBe(true);
    expect(broker.openConnections()).toHaveLength(1);
  });

  it("a follower whose connectHeaders never settle times out on its own; the others share as before", async () => {
    const { broker, openTab } = world();
    const [a, b] = [openTab("a"), openTab("b")];
    await settle();
    const stuck = openTab("c", "secret-token", "app", {
      connectTimeout: 1000,
      connectHeaders: () => new Promise<Record<string, string>>(() => {}),
    });
    await settle(3000);
    expect([a, b].every(isOpen)).toBe(true);
    expect(isOpen(stuck)).toBe(false);
    expect(stuck.errors.some((e) => e instanceof ConnectTimeoutError)).toBe(true);
    expect(broker.connectionCount).toBe(1);
    const inB = collect(b, "/topic/s").got;
    await settle(500);
    broker.publish("/topic/s", "still");
    await settle(100);
    expect(inB.map((m) => m.raw)).toEqual(["still"]);
  });
});

describe("without BroadcastChannel or Web Locks", () => {
  it("each tab keeps its own connection, silently", async () => {
    const broker = createFakeBroker();
    const session = createStompSession({
      webSocketFactory: broker.webSocketFactory,
      heartbeat: { outgoing: 0, incoming: 0 },
    });
    // Node has BroadcastChannel but no navigator.locks: the feature detects it.
    expect(shareAcrossTabs(session, { name: "app" })).toBeUndefined();
    const release = session.mount();
    await settle(100);
    expect(session.connection.getState().status).toBe("open");
    release();
  });
});
