import type { IStompSocket } from "@stomp/stompjs";

/**
 * Stands in for a socket whose constructor threw (bad URL, no global WebSocket on a server): it
 * closes on the next microtask, so the failure takes the same path as a refused connection —
 * reported, then retried with backoff — instead of an unhandled rejection inside stompjs.
 */
export function createFailedSocket(url: string, error: unknown): IStompSocket {
  const socket: IStompSocket = {
    url,
    readyState: 0,
    onclose: null,
    onerror: null,
    onmessage: null,
    onopen: null,
    binaryType: "arraybuffer",
    close() {},
    send() {},
  };
  queueMicrotask(() => {
    (socket as { readyState: number }).readyState = 3;
    socket.onerror?.({ type: "error", error });
    socket.onclose?.({
      code: 1006,
      reason: error instanceof Error ? error.message : String(error),
      wasClean: false,
    });
  });
  return socket;
}
