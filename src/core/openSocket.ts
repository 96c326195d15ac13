import type { IStompSocket } from "@stomp/stompjs";
import type { FrameError } from "./errors";
import type { FrameTap } from "./frameTaps";
import { guardSocket } from "./guardSocket";

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
 * offering the STOMP subprotocols, behind the frame guard (`guardSocket`: inbound data is checked
 * before stompjs's parser buffers it; a violation goes to `onFrameError`). A constructor that throws
 * becomes a socket that fails at once.
 */
export function openSocket(
  options: {
    brokerURL: string | undefined;
    webSocketFactory: ((url: string | undefined) => IStompSocket) | undefined;
    maxFrameSize: number;
  },
  protocols: string[],
  log: (line: string) => void,
  onFrameError: (error: FrameError, socket: IStompSocket) => void,
  taps?: ReadonlySet<FrameTap>,
): IStompSocket {
  const url = options.brokerURL ?? "";
  try {
    const socket = options.webSocketFactory
      ? options.webSocketFactory(options.brokerURL)
      : (new WebSocket(url, protocols) as unknown as IStompSocket);
    // A factory that returns nothing (or not a socket) would make stompjs throw inside its own
    // promise: an unhandled rejection that kills Node. It fails this attempt instead.
    if (!isSocket(socket))
      throw new TypeError(`webSocketFactory returned ${describe(socket)}, not a WebSocket`);
    return guardSocket(socket, options.maxFrameSize, onFrameError, taps);
  } catch (error) {
    log(`could not create the WebSocket: ${String(error)}`);
    return createFailedSocket(url, error);
  }
}

const isSocket = (value: unknown): value is IStompSocket =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as IStompSocket).send === "function" &&
  typeof (value as IStompSocket).close === "function";

const describe = (value: unknown) =>
  value === null ? "null" : typeof value === "object" ? "an object" : typeof value;
