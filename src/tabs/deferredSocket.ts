import type { IStompSocket } from "@stomp/stompjs";

/**
 * A socket that opens later: `open()` runs when `start` calls back (a new leader tab waits, bounded, for
 * the links of the tabs that followed its predecessor). Until then it is CONNECTING; closed before, it
 * never opens one. Once open, it is the real socket: its state, its events, its sends.
 */
export function deferSocket(
  url: string,
  open: () => IStompSocket,
  start: (go: () => void) => void,
): IStompSocket {
  let real: IStompSocket | undefined;
  let closed = false;
  let binaryType = "arraybuffer";
  const socket: IStompSocket = {
    url,
    get readyState() {
      return real ? real.readyState : closed ? 3 : 0;
    },
    get binaryType() {
      return real?.binaryType ?? binaryType;
    },
    set binaryType(value) {
      binaryType = value;
      if (real) real.binaryType = value;
    },
    onopen: null,
    onclose: null,
    onerror: null,
    onmessage: null,
    send(data) {
      real?.send(data);
    },
    close() {
      if (real) return real.close();
      if (closed) return;
      closed = true;
      queueMicrotask(() => socket.onclose?.({ code: 1000, reason: "closed by client", wasClean: true }));
    },
  };
  start(() => {
    if (closed || real) return;
    real = open();
    real.binaryType = binaryType;
    real.onopen = (event) => socket.onopen?.(event);
    real.onclose = (event) => socket.onclose?.(event);
    real.onerror = (event) => socket.onerror?.(event);
    real.onmessage = (event) => socket.onmessage?.(event);
  });
  return socket;
}
