import type { ClientLink } from "stompkit/testing";
import type { WebSocket } from "ws";

/**
 * The fake broker's `ClientLink` over a `ws` socket. Outbound data is bounded: a client that does
 * not read (its socket's send buffer past `maxBufferedBytes`) is cut off instead of growing the
 * server's memory. `pause()` holds both directions like a frozen process: the socket stops being read
 * (TCP pushes back on the client) and outbound frames wait, heart-beats dropped; `resume()` goes on in
 * order.
 */
export function createWsLink(ws: WebSocket, maxBufferedBytes: number, onSlow: () => void) {
  let paused = false;
  let held: Array<string | ArrayBuffer> = [];
  let heldBytes = 0;

  const slow = () => {
    held = [];
    onSlow();
    ws.terminate();
  };
  const write = (data: string | ArrayBuffer) => {
    ws.send(typeof data === "string" ? data : Buffer.from(data));
    if (ws.bufferedAmount > maxBufferedBytes) slow();
  };

  const link: ClientLink = {
    receive(data) {
      if (ws.readyState !== ws.OPEN) return;
      if (!paused) return write(data);
      if (data === "\n") return; // a heart-beat: a frozen server sends none
      held.push(data);
      heldBytes += typeof data === "string" ? data.length * 3 : data.byteLength;
      if (heldBytes > maxBufferedBytes) slow();
    },
    drop(code = 1006) {
      // 1006 cannot be sent: it means "no close frame", which is what terminate() gives the client.
      if (code === 1006) ws.terminate();
      else ws.close(code);
    },
  };

  return {
    link,
    get paused() {
      return paused;
    },
    pause() {
      if (paused) return;
      paused = true;
      ws.pause();
    },
    resume() {
      if (!paused) return;
      paused = false;
      ws.resume();
      const queued = held;
      held = [];
      heldBytes = 0;
      for (const data of queued) if (ws.readyState === ws.OPEN) write(data);
    },
  };
}
