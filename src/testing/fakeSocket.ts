import type { IStompSocket } from "@stomp/stompjs";

/**
 * An in-memory `IStompSocket`: what the client sends goes to `deliverToBroker`, and the broker side
 * pushes text with `receive()`. Every event is dispatched on a microtask, as a real socket would,
 * so it works with real and fake timers alike.
 */
export class FakeSocket implements IStompSocket {
  readyState = 0;
  binaryType = "arraybuffer";
  onopen: ((ev?: unknown) => unknown) | null = null;
  onmessage: ((ev: { data: string | ArrayBuffer }) => unknown) | null = null;
  onclose: ((ev?: unknown) => unknown) | null = null;
  onerror: ((ev: unknown) => unknown) | null = null;

  constructor(
    readonly url: string,
    private readonly deliverToBroker: (data: string | ArrayBuffer) => void,
    private readonly onClosed: (code: number, byClient: boolean) => void,
  ) {}

  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (this.readyState !== 1) return; // like a browser: data on a closing socket goes nowhere
    if (typeof data === "string") this.deliverToBroker(data);
    else if (data instanceof ArrayBuffer) this.deliverToBroker(data);
    else if (ArrayBuffer.isView(data)) this.deliverToBroker(new TextDecoder().decode(data));
  }

  close(): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    queueMicrotask(() => this.finish(1000, "closed by client", true));
  }

  /** Broker side: open the socket. */
  open(): void {
    queueMicrotask(() => {
      if (this.readyState !== 0) return;
      this.readyState = 1;
      this.onopen?.({ type: "open" });
    });
  }

  /** Broker side: push one WebSocket message (text, or binary as an ArrayBuffer) to the client. */
  receive(data: string | ArrayBuffer): void {
    queueMicrotask(() => {
      if (this.readyState === 1) this.onmessage?.({ data });
    });
  }

  /** Broker side: close or fail the socket (1006 = abnormal, as when the network drops). */
  drop(code = 1006, reason = "dropped by the fake broker"): void {
    if (this.readyState === 3) return;
    // Queued after any data already "on the wire", which the client still receives first.
    queueMicrotask(() => {
      if (this.readyState === 3) return;
      this.readyState = 2;
      if (code === 1006) this.onerror?.({ type: "error" });
      this.finish(code, reason, false);
    });
  }

  private finish(code: number, reason: string, byClient: boolean) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onClosed(code, byClient);
    this.onclose?.({ code, reason, wasClean: code === 1000 });
  }
}
