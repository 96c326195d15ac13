import { createStompSession, InvalidHeaderError, type StompkitError } from "stompkit/core";
import { createFakeBroker } from "../../src/testing/createFakeBroker";
import { flush } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

const PASSWORD = "s3cretPassw0rd";
const TOKEN = "t0kenValue123";
const PASSCODE = "hunter2-passcode";
const MULTILINE = "first-line-secret\nsecond-line-secret";

/** Everything a user, a log collector or an error tracker could see of an error. */
const exposed = (error: StompkitError) =>
  [
    error.message,
    String(error),
    JSON.stringify(error),
    String(error.cause ?? ""),
    JSON.stringify(error.cause ?? null),
  ].join("\n");

const leaks = (text: string) =>
  [PASSWORD, TOKEN, PASSCODE, "first-line-secret", "second-line-secret", "Bearer-abc-123"].filter((s) =>
    text.includes(s),
  );

// issue 6 §6: secrets stay secret
describe.each([true, false])("with debug %s", (debugOn) => {
  it("keeps a URL password and query token out of logs and errors when the socket cannot be created", async () => {
    const url = `wss://user:${PASSWORD}@broker.example.com/ws?access=${TOKEN}&v=1`;
    const lines: string[] = [];
    const errors: StompkitError[] = [];
    const debugSpy = vi.spyOn(console, "debug").mockImplementation(() => {});
    const session = createStompSession({
      url: url,
      // a factory that fails the way WebSocket constructors do: quoting the URL
      webSocketFactory: () => {
        throw new SyntaxError(`Failed to construct 'WebSocket': The URL '${url}' is invalid.`);
      },
      heartbeat: { outgoing: 0, incoming: 0 },
      reconnect: { initialDelay: 100, maxAttempts: 2 },
      debug: debugOn ? (line) => lines.push(line) : false,
      onError: (e) => errors.push(e),
    });
    const release = session.mount();
    await vi.advanceTimersByTimeAsync(1000);
    expect(errors.length).toBeGreaterThan(0);
    if (debugOn) expect(lines.length).toBeGreaterThan(0);
    for (const error of errors) expect(leaks(exposed(error))).toEqual([]);
    expect(leaks(lines.join("\n"))).toEqual([]);
    expect(leaks(debugSpy.mock.calls.flat().join("\n"))).toEqual([]);
    expect(lines.join("\n")).toContain(debugOn ? "user:***@broker.example.com" : "");
    release();
    await flush();
    debugSpy.mockRestore();
  });

  it("keeps masked CONNECT header values out of logs and errors, even when the broker echoes them", async () => {
    const broker = createFakeBroker({
      authenticate: (h) => `Login refused for passcode ${h.passcode} and token ${h.Authorization}`,
    });
    const lines: string[] = [];
    const errors: StompkitError[] = [];
    const session = createStompSession({
      webSocketFactory: broker.webSocketFactory,
      heartbeat: { outgoing: 0, incoming: 0 },
      reconnect: { initialDelay: 100, maxAttempts: 2 },
      connectHeaders: async () => ({ login: "guest", passcode: PASSCODE, Authorization: "Bearer-abc-123" }),
      debug: debugOn ? (line) => lines.push(line) : false,
      onError: (e) => errors.push(e),
    });
    const release = session.mount();
    await vi.advanceTimersByTimeAsync(1000);
    expect(errors.map((e) => e.code)).toContain("AUTH_FAILED");
    for (const error of errors) expect(leaks(exposed(error))).toEqual([]);
    expect(leaks(lines.join("\n"))).toEqual([]);
    expect(leaks(exposed(session.connection.getState().lastError!))).toEqual([]);
    if (debugOn) expect(lines.join("\n")).toContain("passcode:***");
    release();
    await flush();
  });

  it("never quotes a header value in InvalidHeaderError (a multi-line secret is refused whole)", async () => {
    const broker = createFakeBroker();
    const lines: string[] = [];
    const errors: StompkitError[] = [];
    const session = createStompSession({
      webSocketFactory: broker.webSocketFactory,
      heartbeat: { outgoing: 0, incoming: 0 },
      reconnect: { initialDelay: 100, maxAttempts: 1 },
      connectHeaders: () => ({ passcode: MULTILINE }),
      debug: debugOn ? (line) => lines.push(line) : false,
      onError: (e) => errors.push(e),
    });
    const release = session.mount();
    await vi.advanceTimersByTimeAsync(100);
    expect(errors[0]).toBeInstanceOf(InvalidHeaderError);
    expect(errors[0]?.message).toContain('"passcode"');
    for (const error of errors) expect(leaks(exposed(error))).toEqual([]);
    expect(leaks(lines.join("\n"))).toEqual([]);
    expect(() =>
      createStompSession({
        webSocketFactory: broker.webSocketFactory,
        connectHeaders: { passcode: MULTILINE },
      }),
    ).toThrow(expect.objectContaining({ message: expect.not.stringContaining("line-secret") }));
    release();
    await flush();
  });

  it("masks an echoed passcode in a ServerError before any listener or rejected send sees it", async () => {
    const broker = createFakeBroker();
    const errors: StompkitError[] = [];
    const session = createStompSession({
      webSocketFactory: broker.webSocketFactory,
      heartbeat: { outgoing: 0, incoming: 0 },
      reconnect: { initialDelay: 100 },
      connectHeaders: { login: "guest", passcode: PASSCODE },
      debug: debugOn ? () => {} : false,
      onError: (e) => errors.push(e),
    });
    const release = session.mount();
    await flush();
    broker.swallowReceipts();
    const sent = session.send("/queue/s", "x", { receipt: "echo-1" });
    let seenAtEvent = "";
    session.on("stompError", (_frame, error) => {
      seenAtEvent = exposed(error); // a listener that reads the error synchronously
    });
    let seen = "";
    const outcome = sent.catch((error: StompkitError) => {
      seen = exposed(error); // read at once, in the first reaction
    });
    await flush();
    broker.sendError(`bad frame from passcode ${PASSCODE}`, {
      close: false,
      headers: { "receipt-id": "echo-1" },
    });
    await flush();
    await outcome;
    expect(seen).toContain("SERVER_ERROR");
    expect(leaks(seen)).toEqual([]);
    expect(seenAtEvent).toContain("SERVER_ERROR");
    expect(leaks(seenAtEvent)).toEqual([]);
    for (const error of errors) expect(leaks(exposed(error))).toEqual([]);
    release();
    await flush();
  });

  it("masks the URL password in the cause of a connectHeaders failure", async () => {
    const url = `wss://user:${PASSWORD}@broker.example.com/ws`;
    const errors: StompkitError[] = [];
    const session = createStompSession({
      url: url,
      webSocketFactory: createFakeBroker().webSocketFactory,
      heartbeat: { outgoing: 0, incoming: 0 },
      reconnect: { initialDelay: 100, maxAttempts: 1 },
      connectHeaders: async () => {
        throw new Error(`token endpoint for ${url} said no (password ${PASSWORD})`);
      },
      debug: debugOn ? () => {} : false,
      onError: (e) => errors.push(e),
    });
    const release = session.mount();
    await vi.advanceTimersByTimeAsync(100);
    expect(errors[0]?.code).toBe("CONNECTION_FAILED");
    expect(errors[0]?.cause).toBeInstanceOf(Error);
    for (const error of errors) expect(leaks(exposed(error))).toEqual([]);
    release();
    await flush();
  });

  it("cuts a huge ERROR message to about 1 KB in errors and log lines", async () => {
    const huge = "E".repeat(100_000);
    const broker = createFakeBroker({ authenticate: () => huge });
    const lines: string[] = [];
    const errors: StompkitError[] = [];
    const session = createStompSession({
      webSocketFactory: broker.webSocketFactory,
      heartbeat: { outgoing: 0, incoming: 0 },
      reconnect: { initialDelay: 100, maxAttempts: 1 },
      debug: debugOn ? (line) => lines.push(line) : false,
      onError: (e) => errors.push(e),
    });
    const release = session.mount();
    await vi.advanceTimersByTimeAsync(100);
    expect(errors[0]?.code).toBe("AUTH_FAILED");
    for (const error of errors) {
      expect(error.message.length).toBeLessThan(1200);
      expect(JSON.stringify(error).length).toBeLessThan(3000);
    }
    for (const line of lines) for (const part of line.split("\n")) expect(part.length).toBeLessThan(1100);
    release();
    await flush();
  });
});
