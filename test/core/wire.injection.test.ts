import type { IStompSocket } from "@stomp/stompjs";
import {
  createStompSession,
  InvalidHeaderError,
  StompConfigError,
  type StompMessage,
  type StompSession,
} from "stompkit/core";
import { createFakeBroker } from "../../src/testing/createFakeBroker";
import { acksSent, flush } from "./helpers";

beforeEach(() => {
  vi.useFakeTimers();
});

/** Makes the client offer only `version`, so the fake broker negotiates it (stompjs escapes only on 1.2). */
function offering(factory: () => IStompSocket, version: string) {
  return () => {
    const socket = factory();
    const send = socket.send.bind(socket);
    socket.send = (data) =>
      send(
        typeof data === "string" && data.startsWith("CONNECT")
          ? data.replace(/accept-version:[^\n]*/, `accept-version:${version}`)
          : data,
      );
    return socket;
  };
}

async function open(version: string) {
  const broker = createFakeBroker();
  const errors: unknown[] = [];
  const session = createStompSession({
    webSocketFactory: offering(broker.webSocketFactory, version),
    heartbeat: { outgoing: 0, incoming: 0 },
    reconnect: { initialDelay: 100 },
    onError: (e) => errors.push(e),
  });
  const release = session.mount();
  await flush();
  expect(session.connection.getState().connected?.version).toBe(version);
  return { broker, session, errors, release };
}

const hostile = ["/queue/a\nx-injected:1", "/queue/a\r\nx-injected:1", "/queue/a\0tail", "/queue/a\rb"];

// issue 6 §5: nothing hostile goes out, on every negotiated version
describe.each(["1.0", "1.1", "1.2"])("outgoing frames on STOMP %s", (version) => {
  it.each(hostile)(
    "refuses the destination %j in send, subscribe and transactions; nothing is sent",
    async (dest) => {
      const { broker, session, release } = await open(version);
      const before = broker.frames.filter((f) => f.direction === "in").length;
      await expect(session.send(dest, "x")).rejects.toBeInstanceOf(InvalidHeaderError);
      await expect(session.send(dest, "x", { receipt: true })).rejects.toBeInstanceOf(InvalidHeaderError);
      expect(() => session.subscriptions.subscribe(dest)).toThrow(InvalidHeaderError);
      await expect(session.transaction((tx) => tx.send(dest, "x"))).rejects.toMatchObject({
        code: "TRANSACTION_ABORTED",
        cause: expect.any(InvalidHeaderError),
      });
      await flush();
      const sent = broker.frames.filter((f) => f.direction === "in").slice(before);
      expect(sent.map((f) => f.command)).toEqual(["BEGIN", "ABORT"]);
      expect(broker.count("SEND")).toBe(0);
      expect(broker.count("SUBSCRIBE")).toBe(0);
      expect(broker.frames.some((f) => "x-injected" in f.headers)).toBe(false);
      release();
      await flush();
    },
  );

  it("refuses CR, LF and NUL in header values, contentType and string receipts", async () => {
    const { broker, session, release } = await open(version);
    const cases = [
      () => session.send("/queue/ok", "x", { headers: { "x-a": "1\nx-injected:1" } }),
      () => session.send("/queue/ok", "x", { headers: { "x-a": "1\0" } }),
      () => session.send("/queue/ok", "x", { headers: { "x\ninjected": "1" } }),
      () => session.send("/queue/ok", "x", { contentType: "text/plain\nx-injected:1" }),
      () => session.send("/queue/ok", "x", { contentType: "text/plain\0" }),
      () => session.send("/queue/ok", "x", { receipt: "r\nx-injected:1" }),
      () => session.send("/queue/ok", "x", { receipt: "r\r" }),
    ];
    for (const attempt of cases) await expect(attempt()).rejects.toBeInstanceOf(InvalidHeaderError);
    await expect(
      session.transaction((tx) => tx.send("/queue/ok", "x", { contentType: "a\nx-injected:1" })),
    ).rejects.toMatchObject({ cause: expect.any(InvalidHeaderError) });
    expect(broker.count("SEND")).toBe(0);
    expect(broker.frames.some((f) => "x-injected" in f.headers)).toBe(false);
    release();
    await flush();
  });

  it("commits a transaction with a COMMIT confirmed by RECEIPT (written through public stompjs API)", async () => {
    const { broker, session, release } = await open(version);
    await expect(session.transaction((tx) => tx.send("/queue/tx-ok", "a"))).resolves.toBeUndefined();
    const commit = broker.framesOf("COMMIT")[0];
    expect(commit?.headers.receipt).toBeTruthy();
    expect(broker.framesOf("RECEIPT", "out").map((f) => f.headers["receipt-id"])).toContain(
      commit?.headers.receipt,
    );
    expect(broker.queued("/queue/tx-ok")).toBe(1);
    release();
    await flush();
  });

  it("refuses CR, LF and NUL in ack/nack headers", async () => {
    const { broker, session, release } = await open(version);
    const messages: StompMessage<unknown>[] = [];
    const sub = session.subscriptions.subscribe(
      "/queue/acks",
      { ack: "client-individual", autoAck: false },
      (m) => {
        messages.push(m);
      },
    );
    await flush();
    broker.publish("/queue/acks", "1");
    await flush();
    expect(messages).toHaveLength(1);
    expect(() => messages[0]!.ack({ "x-a": "1\nx-injected:1" })).toThrow(InvalidHeaderError);
    expect(() => messages[0]!.nack({ "x-a": "\0" })).toThrow(InvalidHeaderError);
    await acksSent();
    expect(broker.count("ACK") + broker.count("NACK")).toBe(0);
    messages[0]!.ack();
    await acksSent();
    expect(broker.count("ACK")).toBe(1);
    sub.release(true);
    release();
    await flush();
  });
});

type HeaderCase = [
  option: string,
  attempt: (s: StompSession) => unknown,
  error: typeof InvalidHeaderError | typeof StompConfigError,
];
const lf = "\nx-injected:1";
const headerCases: HeaderCase[] = [
  [
    "subscribe: ack with LF",
    (s) => s.subscriptions.subscribe("/q/a", { ack: `auto${lf}` as "auto" }),
    InvalidHeaderError,
  ],
  [
    "subscribe: ack with CRLF",
    (s) => s.subscriptions.subscribe("/q/a", { ack: `client\r${lf}` as "client" }),
    InvalidHeaderError,
  ],
  [
    "subscribe: ack with NUL",
    (s) => s.subscriptions.subscribe("/q/a", { ack: "auto\0" as "auto" }),
    InvalidHeaderError,
  ],
  [
    "subscribe: ack not a mode",
    (s) => s.subscriptions.subscribe("/q/a", { ack: "individual" as "auto" }),
    StompConfigError,
  ],
  [
    "subscribe: ack wrong case",
    (s) => s.subscriptions.subscribe("/q/a", { ack: "AUTO" as "auto" }),
    StompConfigError,
  ],
  [
    "subscribe: ack a number",
    (s) => s.subscriptions.subscribe("/q/a", { ack: 1 as unknown as "auto" }),
    StompConfigError,
  ],
  [
    "subscribe: ack null",
    (s) => s.subscriptions.subscribe("/q/a", { ack: null as unknown as "auto" }),
    StompConfigError,
  ],
  ["subscribe: ack empty", (s) => s.subscriptions.subscribe("/q/a", { ack: "" as "auto" }), StompConfigError],
  ["subscribe: destination", (s) => s.subscriptions.subscribe(`/q/a${lf}`), InvalidHeaderError],
  [
    "subscribe: header value",
    (s) => s.subscriptions.subscribe("/q/a", { headers: { "x-a": `1${lf}` } }),
    InvalidHeaderError,
  ],
  [
    "subscribe: header name",
    (s) => s.subscriptions.subscribe("/q/a", { headers: { "x\ninjected": "1" } }),
    InvalidHeaderError,
  ],
  [
    "subscribe: header value NUL",
    (s) => s.subscriptions.subscribe("/q/a", { headers: { selector: "a\0" } }),
    InvalidHeaderError,
  ],
  ["send: destination", (s) => s.send(`/q/a${lf}`, "x"), InvalidHeaderError],
  ["send: header value", (s) => s.send("/q/a", "x", { headers: { "x-a": `1${lf}` } }), InvalidHeaderError],
  ["send: header name", (s) => s.send("/q/a", "x", { headers: { "x:injected": "1" } }), InvalidHeaderError],
  ["send: contentType", (s) => s.send("/q/a", "x", { contentType: `text/plain${lf}` }), InvalidHeaderError],
  ["send: receipt id", (s) => s.send("/q/a", "x", { receipt: `r${lf}` }), InvalidHeaderError],
  ["receipts: expect id", (s) => s.receipts.expect(`r${lf}`, { timeout: 1000 }), InvalidHeaderError],
  [
    "transaction send: destination",
    (s) => s.transaction((tx) => tx.send(`/q/a${lf}`, "x")),
    InvalidHeaderError,
  ],
  [
    "transaction send: header",
    (s) => s.transaction((tx) => tx.send("/q/a", "x", { headers: { a: `1${lf}` } })),
    InvalidHeaderError,
  ],
  [
    "transaction send: contentType",
    (s) => s.transaction((tx) => tx.send("/q/a", "x", { contentType: `a${lf}` })),
    InvalidHeaderError,
  ],
];

/** The error `attempt` throws or rejects with (a transaction's is its cause). */
async function failureOf(attempt: () => unknown): Promise<unknown> {
  try {
    await attempt();
  } catch (error) {
    return (error as { code?: string }).code === "TRANSACTION_ABORTED" ? (error as Error).cause : error;
  }
  return undefined;
}

// issue 12 §1: every public option that ends up in a header, on every negotiated version
describe.each(["1.0", "1.1", "1.2"])("every option that reaches a header, on STOMP %s", (version) => {
  it.each(headerCases)("%s: a typed error, nothing of it on the wire", async (_option, attempt, type) => {
    const { broker, session, release } = await open(version);
    const error = await failureOf(() => attempt(session));
    expect(error).toBeInstanceOf(type);
    await flush();
    expect(broker.count("SEND")).toBe(0);
    expect(broker.count("SUBSCRIBE")).toBe(0);
    expect(broker.frames.some((f) => "x-injected" in f.headers)).toBe(false);
    // the session is still healthy: a valid subscribe with the same options goes out as one SUBSCRIBE
    session.subscriptions.subscribe("/q/ok", { ack: "client-individual" });
    await flush();
    expect(broker.framesOf("SUBSCRIBE").map((f) => f.headers.ack)).toEqual(["client-individual"]);
    expect(session.connection.getState().status).toBe("open");
    release();
    await flush();
  });
});

describe("CONNECT headers", () => {
  it("refuses static connectHeaders with CR, LF or NUL when the session is created", () => {
    const broker = createFakeBroker();
    for (const value of ["a\nx-injected:1", "a\r", "a\0"]) {
      expect(() =>
        createStompSession({
          webSocketFactory: broker.webSocketFactory,
          connectHeaders: { passcode: value },
        }),
      ).toThrow(InvalidHeaderError);
    }
    expect(() =>
      createStompSession({ webSocketFactory: broker.webSocketFactory, connectHeaders: { "a\nb": "1" } }),
    ).toThrow(InvalidHeaderError);
  });

  it("reports connectHeaders from a function with an LF as InvalidHeaderError; no CONNECT goes out", async () => {
    const broker = createFakeBroker();
    const errors: unknown[] = [];
    const session = createStompSession({
      webSocketFactory: broker.webSocketFactory,
      heartbeat: { outgoing: 0, incoming: 0 },
      reconnect: { initialDelay: 100, maxAttempts: 2 },
      connectHeaders: async () => ({ login: "u", passcode: "p\nx-injected:1" }),
      onError: (e) => errors.push(e),
    });
    const release = session.mount();
    await vi.advanceTimersByTimeAsync(1000);
    expect(errors).toHaveLength(2);
    for (const error of errors) expect(error).toBeInstanceOf(InvalidHeaderError);
    expect(broker.connectionCount).toBe(0);
    expect(session.connection.getState().status).toBe("failed");
    release();
    await flush();
  });
});
