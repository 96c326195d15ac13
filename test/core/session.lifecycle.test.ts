import { FrameImpl } from "@stomp/stompjs";
import { connected, fakeWindow, flush, setup } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

describe("session lifecycle", () => {
  // case 25
  it("closes gracefully: DISCONNECT with a receipt, then the socket closes on RECEIPT", async () => {
    const win = fakeWindow();
    const { broker, session } = setup({ environment: win.env });
    const release = session.mount();
    await flush();
    expect(win.listeners()).toBe(3); // online, offline, visibilitychange
    expect(session.diagnostics().listeners).toBe(1);
    release();
    await flush();
    const disconnect = broker.framesOf("DISCONNECT");
    expect(disconnect).toHaveLength(1);
    expect(disconnect[0]?.headers.receipt).toBeTruthy();
    expect(broker.framesOf("RECEIPT", "out").at(-1)?.headers["receipt-id"]).toBe(
      disconnect[0]?.headers.receipt,
    );
    expect(broker.leaks().sockets).toBe(0);
    expect(session.connection.getState().status).toBe("closed");
    expect(session.diagnostics()).toMatchObject({ listeners: 0, timers: 0, socket: false });
    expect(win.listeners()).toBe(0);
  });

  it("drops the socket after disconnectTimeout when the RECEIPT to DISCONNECT never comes", async () => {
    const win = fakeWindow();
    const { broker, session } = setup({ disconnectTimeout: 2000, environment: win.env });
    const release = session.mount();
    await flush();
    expect(win.listeners()).toBe(3);
    broker.stall(); // the broker answers nothing, not even by closing
    release();
    await vi.advanceTimersByTimeAsync(1999);
    expect(session.diagnostics().socket).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.diagnostics()).toMatchObject({ listeners: 0, timers: 0, socket: false });
    expect(win.listeners()).toBe(0);
    expect(broker.leaks().sockets).toBe(0);
  });

  // case 26
  it.each(["mid-connect", "mid-reconnect-wait", "mid-DISCONNECT"])(
    "leaves no timers, listeners or sockets when released %s",
    async (when) => {
      const win = fakeWindow();
      const { broker, session } = setup({ environment: win.env, reconnect: { initialDelay: 5000 } });
      if (when === "mid-connect") broker.delayConnected(1000);
      if (when === "mid-reconnect-wait") broker.refuseConnections();
      const timersBefore = vi.getTimerCount();
      const release = session.mount();
      await flush();
      if (when === "mid-reconnect-wait") expect(session.connection.getState().status).toBe("reconnecting");
      if (when === "mid-DISCONNECT") {
        expect(session.connection.getState().status).toBe("open");
        broker.delayReceipts(500);
      }
      release();
      await vi.advanceTimersByTimeAsync(3000);
      expect(session.diagnostics()).toMatchObject({ listeners: 0, timers: 0, socket: false });
      expect(win.listeners()).toBe(0);
      expect(broker.leaks()).toEqual({ sockets: 0, subscriptions: 0 });
      expect(vi.getTimerCount()).toBe(timersBefore);
      expect(session.connection.getState().status).toBe("closed");
    },
  );

  // case 30
  it("retries at once on `online` and on becoming visible while disconnected", async () => {
    const win = fakeWindow();
    const { broker, session } = setup({
      environment: win.env,
      reconnect: { initialDelay: 60_000, minDelay: 60_000 },
    });
    const release = session.mount();
    await flush();
    broker.dropAll();
    await flush();
    expect(session.connection.getState().status).toBe("reconnecting");

    win.win.emit("online");
    await flush();
    expect(session.connection.getState().status).toBe("open");
    expect(broker.connectionCount).toBe(2);

    broker.dropAll();
    await flush();
    win.doc.emit("visibilitychange"); // visible
    await flush();
    expect(broker.connectionCount).toBe(3);
    expect(session.connection.getState().status).toBe("open");

    // No extra socket while open
    win.win.emit("online");
    await flush();
    expect(broker.connectionCount).toBe(3);
    release();
    await flush();
  });

  it("waits as `offline` while the browser says so, without burning attempts", async () => {
    const win = fakeWindow();
    const { broker, session } = setup({ environment: win.env, reconnect: { initialDelay: 100 } });
    const release = session.mount();
    await flush();
    win.env.navigator.onLine = false;
    win.win.emit("offline");
    broker.dropAll();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(session.connection.getState().status).toBe("offline");
    expect(broker.connectionCount).toBe(1);
    win.env.navigator.onLine = true;
    win.win.emit("online");
    await flush();
    expect(session.connection.getState().status).toBe("open");
    release();
    await flush();
  });

  it("does not reconnect when the page becomes hidden", async () => {
    const win = fakeWindow();
    const { broker, session } = setup({
      environment: win.env,
      reconnect: { initialDelay: 60_000, minDelay: 60_000 },
    });
    const release = session.mount();
    await flush();
    broker.dropAll();
    await flush();
    win.env.document.visibilityState = "hidden";
    win.doc.emit("visibilitychange");
    await flush();
    expect(broker.connectionCount).toBe(1);
    release();
    await flush();
  });
});

describe("connectHeaders", () => {
  // case 55
  it("calls the function before every attempt, so a reconnect uses a fresh token", async () => {
    let token = 0;
    const getHeaders = vi.fn(async () => ({
      Authorization: `Bearer t${++token}`,
      host: "/",
      "StompX-User": "ada",
    }));
    const { broker, session } = setup(
      { connectHeaders: getHeaders, reconnect: { initialDelay: 100, maxAttempts: 5 } },
      {
        authenticate: (h) =>
          h.Authorization === "Bearer t1" || h.Authorization === "Bearer t3" ? undefined : "token expired",
      },
    );
    const release = session.mount();
    await flush();
    expect(session.connection.getState().status).toBe("open");
    broker.dropAll();
    await vi.advanceTimersByTimeAsync(100); // t2 is refused (expired)…
    await vi.advanceTimersByTimeAsync(200); // …t3 works
    expect(session.connection.getState().status).toBe("open");
    expect(broker.framesOf("CONNECT").map((f) => f.headers.Authorization)).toEqual([
      "Bearer t1",
      "Bearer t2",
      "Bearer t3",
    ]);
    expect(broker.framesOf("CONNECT")[0]?.headers["StompX-User"]).toBe("ada");
    expect(getHeaders).toHaveBeenCalledTimes(3);
    expect(getHeaders.mock.calls.map((c) => (c as unknown[])[0])).toEqual([
      { attempt: 1 },
      { attempt: 1 },
      { attempt: 2 },
    ]);
    release();
    await flush();
  });

  it("applies configure() at the next connect, and reconnect() applies it now", async () => {
    const { broker, session } = setup({ connectHeaders: { passcode: "old" } });
    const release = session.mount();
    await flush();
    session.configure({ connectHeaders: { passcode: "new" } });
    await flush();
    expect(broker.connectionCount).toBe(1);
    session.reconnect();
    await flush();
    expect(broker.connectionCount).toBe(2);
    expect(broker.framesOf("CONNECT").map((f) => f.headers.passcode)).toEqual(["old", "new"]);
    expect(session.connection.getState().status).toBe("open");
    expect(session.connection.getState().lastError).toBeUndefined();
    release();
    await flush();
  });

  it("reports a connectHeaders function that throws, and retries with backoff", async () => {
    let calls = 0;
    const { session, errors, broker } = setup({
      connectHeaders: () => {
        calls++;
        if (calls === 1) throw new Error("token service down");
        return { passcode: "ok" };
      },
      reconnect: { initialDelay: 100 },
    });
    const release = session.mount();
    await flush();
    expect(String(errors[0])).toContain("token service down");
    expect(broker.connectionCount).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(session.connection.getState().status).toBe("open");
    release();
    await flush();
  });
});

describe("debug", () => {
  // case 69
  it("masks passcode, Authorization, token and cookie in every line, raw mode included", async () => {
    const lines: string[] = [];
    const { session } = setup({
      debug: (line) => lines.push(line),
      redactHeaders: ["X-Api-Key"],
      connectHeaders: {
        login: "ada",
        passcode: "s3cret-pass",
        Authorization: "Bearer s3cret-jwt",
        token: "s3cret-token",
        cookie: "sid=s3cret-cookie",
        "x-api-key": "s3cret-key",
      },
    });
    const release = session.mount();
    await flush();
    session.client.logRawCommunication = true;
    session.reconnect();
    await flush();
    release();
    await flush();
    const all = lines.join("\n");
    expect(all).toContain(">>> CONNECT");
    expect(all).toContain("passcode:***");
    expect(all).toContain("Authorization:***");
    expect(all).not.toMatch(/s3cret/);
  });

  it("without debug, serializes no frame a second time for a log line (each MESSAGE in, each ACK out)", async () => {
    const serialized = vi.spyOn(FrameImpl.prototype, "toString");
    const { broker, session, release } = await connected();
    const sub = session.subscriptions.subscribe("/queue/log-cost", { ack: "client-individual" }, () => {});
    await flush();
    serialized.mockClear();
    for (let i = 0; i < 5; i++) broker.publish("/queue/log-cost", `job ${i}`);
    await flush();
    expect(broker.count("ACK")).toBe(5);
    expect(serialized).not.toHaveBeenCalled();
    sub.release(true);
    release();
    await flush();
    serialized.mockRestore();
  });

  it("with debug, still logs every frame in and out (masked)", async () => {
    const lines: string[] = [];
    const { broker, session, release } = await connected({ debug: (line) => lines.push(line) });
    const sub = session.subscriptions.subscribe("/queue/log-on", { ack: "client-individual" }, () => {});
    await flush();
    broker.publish("/queue/log-on", "job");
    await flush();
    expect(lines.some((l) => l.startsWith("<<< MESSAGE") && l.includes("destination:/queue/log-on"))).toBe(
      true,
    );
    expect(lines.some((l) => l.startsWith(">>> ACK"))).toBe(true);
    sub.release(true);
    release();
    await flush();
  });

  it("is silent by default", async () => {
    const spy = vi.spyOn(console, "debug").mockImplementation(() => {});
    const { session } = setup({ connectHeaders: { passcode: "x" } });
    const release = session.mount();
    await flush();
    release();
    await flush();
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});
