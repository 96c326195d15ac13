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

/**
 * Opens the socket for one attempt: the app's factory, else a browser `WebSocket` on `brokerURL`
 * offering the STOMP subprotocols. A constructor that throws becomes a socket that fails at once.
 */
export function openSocket(
  options: { brokerURL: string | undefined; webSocketFactory: (() => IStompSocket) | undefined },
  protocols: string[],
  log: (line: string) => void,
): IStompSocket {
  const url = options.brokerURL ?? "";
  try {
    if (options.webSocketFactory) return options.webSocketFactory();
    return new WebSocket(url, protocols) as unknown as IStompSocket;
  } catch (error) {
    log(`could not create the WebSocket: ${String(error)}`);
    return createFailedSocket(url, error);
  }
}
