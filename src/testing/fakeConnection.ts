import { FrameImpl, Parser } from "@stomp/stompjs";
import { createFrameChecker, type FrameError } from "stompkit/core";

/**
 * The broker's side of one client transport: `receive` puts one WebSocket message on the wire to the
 * client, `drop` closes it (1000 clean, 1002 protocol error, 1006 as if the network failed). The
 * in-memory `FakeSocket` is one; the dev server's `ws` socket is another.
 */
export interface ClientLink {
  receive(data: string | ArrayBuffer): void;
  drop(code?: number): void;
}

export type Headers = Record<string, string>;

export interface RecordedFrame {
  /** `in` = client → broker, `out` = broker → client. */
  direction: "in" | "out";
  connection: number;
  command: string;
  headers: Headers;
  body: string;
}

export interface FakeSubscription {
  id: string;
  destination: string;
  ack: "auto" | "client" | "client-individual";
  headers: Headers;
}

/** A MESSAGE waiting for ACK/NACK on a client-ack subscription. */
export interface Unacked {
  ackId: string;
  subscription: string;
  destination: string;
  body: string;
  headers: Headers;
}

/** What the broker core offers a connection (implemented in createFakeBroker). */
export interface BrokerCore {
  handle(connection: FakeConnection, command: string, headers: Headers, body: string): void;
  record(frame: RecordedFrame): void;
  closed(connection: FakeConnection): void;
  /** Client data the frame checker refused (too large, bad content-length): ERROR, then close. */
  refused(connection: FakeConnection, error: FrameError): void;
  /** Largest client frame accepted, in bytes (undefined: unchecked). */
  readonly maxFrameSize: number | undefined;
}

/** One client connection on the fake broker: its socket, parser, subscriptions and heart-beats. */
export class FakeConnection {
  /** CONNECT headers as the client sent them (credentials included: this is a test double). */
  connectHeaders: Headers = {};
  connected = false;
  open = true;
  readonly subscriptions = new Map<string, FakeSubscription>();
  readonly unacked = new Map<string, Unacked>();
  readonly transactions = new Map<string, Array<() => void>>();
  /** Heart-beat EOLs received from the client and sent to it. */
  pingsIn = 0;
  pingsOut = 0;
  /** Nothing passes client → broker (`stalledIn`) or broker → client (`stalledOut`); the socket stays open. */
  stalledIn = false;
  stalledOut = false;
  lastClientData = 0;
  /** The broker closed it: nothing more is read or sent while the transport finishes closing. */
  closing = false;
  /** Neither side's heart-beat timer runs (the dev server's pause: a frozen process). */
  frozen = false;
  private readonly parser: Parser;
  private readonly checker: ReturnType<typeof createFrameChecker> | undefined;
  private pinger: ReturnType<typeof setInterval> | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly id: number,
    readonly socket: ClientLink,
    private readonly core: BrokerCore,
  ) {
    this.checker = core.maxFrameSize === undefined ? undefined : createFrameChecker(core.maxFrameSize);
    this.parser = new Parser(
      (raw) => {
        if (!this.open) return;
        const escaped = this.connected; // CONNECT/STOMP header values are not escaped (STOMP 1.2)
        const frame = FrameImpl.fromRawFrame(raw, escaped);
        const headers = { ...frame.headers } as Headers;
        this.core.record({
          direction: "in",
          connection: id,
          command: frame.command,
          headers,
          body: frame.body,
        });
        this.core.handle(this, frame.command, headers, frame.body);
      },
      () => {
        this.pingsIn++;
      },
    );
  }

  /** Bytes from the client. */
  fromClient(data: string | ArrayBuffer): void {
    if (this.stalledIn || !this.open || this.closing) return;
    this.lastClientData = Date.now();
    const check = this.checker?.check(data);
    if (check !== undefined && check !== true) {
      if (check.prefix !== undefined) this.parser.parseChunk(check.prefix);
      if (this.open) this.core.refused(this, check.error);
      return;
    }
    this.parser.parseChunk(data);
  }

  /** Sends a frame to the client (recorded). */
  send(command: string, headers: Headers, body = ""): void {
    if (!this.open || this.stalledOut || this.closing) return;
    this.core.record({ direction: "out", connection: this.id, command, headers: { ...headers }, body });
    const frame = new FrameImpl({ command, headers, body, escapeHeaderValues: command !== "CONNECTED" });
    this.socket.receive(frame.serialize() as string);
  }

  /** Sends one raw WebSocket message to the client, unparsed and unrecorded (malformed input, partial frames). */
  sendRaw(data: string | ArrayBuffer): void {
    if (this.open) this.socket.receive(data);
  }

  /** Server → client heart-beats every `ms`; the client must send something every `clientMs` (0 = not checked). */
  startHeartbeats(ms: number, clientMs: number): void {
    this.stopHeartbeats();
    if (ms > 0) {
      this.pinger = setInterval(() => {
        if (!this.open || this.stalledOut || this.frozen) return;
        this.pingsOut++;
        this.socket.receive("\n");
      }, ms);
    }
    if (clientMs > 0) {
      this.lastClientData = Date.now();
      this.watchdog = setInterval(() => {
        // With broker → client stalled too (a cut link), the client would never hear this close.
        if (this.frozen) this.lastClientData = Date.now();
        else if (this.open && !this.stalledOut && Date.now() - this.lastClientData > clientMs * 2)
          this.drop(1002);
      }, clientMs);
    }
  }

  stopHeartbeats(): void {
    if (this.pinger) clearInterval(this.pinger);
    if (this.watchdog) clearInterval(this.watchdog);
    this.pinger = undefined;
    this.watchdog = undefined;
  }

  get heartbeating(): boolean {
    return this.pinger !== undefined;
  }

  /** The broker closes the socket (1006: as if the network failed). */
  drop(code = 1006): void {
    this.closing = true;
    this.socket.drop(code);
  }

  /** Called once the socket is closed, from either side. */
  dispose(): void {
    this.open = false;
    this.connected = false;
    this.stopHeartbeats();
  }
}
