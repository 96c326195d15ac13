import type { IStompSocket } from "@stomp/stompjs";
import type { FrameError } from "./errors";
import { createFrameChecker } from "./frameGuard";
import { emitTaps, type FrameTap } from "./frameTaps";

/**
 * Wraps a socket so every inbound message is checked (`createFrameChecker`) before stompjs sees it.
 * Valid messages pass through unchanged and at once, so stompjs still counts every message as server
 * activity for the heart-beat check, even a long frame arriving in pieces. On a violation the whole
 * frames before it are delivered, nothing after it is, and `onViolation` gets the `FrameError` (the
 * session closes the socket and reconnects with backoff). @internal
 */
export function guardSocket(
  socket: IStompSocket,
  maxFrameSize: number,
  onViolation: (error: FrameError, socket: IStompSocket) => void,
  taps: ReadonlySet<FrameTap> = new Set(),
): IStompSocket {
  const checker = createFrameChecker(maxFrameSize);
  let failed = false;
  const guarded: IStompSocket = {
    get url() {
      return socket.url;
    },
    get readyState() {
      return socket.readyState;
    },
    get binaryType() {
      return socket.binaryType;
    },
    set binaryType(value) {
      socket.binaryType = value;
    },
    onopen: null,
    onclose: null,
    onerror: null,
    onmessage: null,
    // stompjs adds its own `terminate` when the socket has none (browsers).
    terminate: typeof socket.terminate === "function" ? () => socket.terminate!() : undefined,
    close: () => socket.close(),
    send: (data) => socket.send(data),
  };
  socket.onopen = (event?: unknown) => guarded.onopen?.(event);
  socket.onclose = (event?: unknown) => guarded.onclose?.(event);
  socket.onerror = (event: unknown) => guarded.onerror?.(event);
  socket.onmessage = (event: { data: unknown }) => {
    if (failed) return;
    const data = event.data;
    if (typeof data !== "string" && !(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) {
      guarded.onmessage?.(event); // a Blob or similar: stompjs cannot read it either; not ours to judge
      return;
    }
    const result = checker.check(data);
    if (result === true) {
      if (taps.size) emitTaps(taps, "in", data, guarded); // observe-hook
      guarded.onmessage?.(event);
      return;
    }
    failed = true;
    if (taps.size && result.prefix !== undefined) emitTaps(taps, "in", result.prefix, guarded); // observe-hook
    if (result.prefix !== undefined) guarded.onmessage?.({ data: result.prefix });
    try {
      onViolation(result.error, guarded);
    } catch {
      // never throw from a socket callback
    }
  };
  return guarded;
}
