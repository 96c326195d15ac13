import type { Clock } from "./clock";

/**
 * Brokers whose WebSocket endpoint reads each WebSocket message as a byte stream, so several STOMP
 * frames in one message are each honoured (tested: test/broker/parity/batchedFrames.test.ts and
 * test/core/ackBatch.test.ts), by the `server` header of CONNECTED. ActiveMQ 5 reads one frame per
 * message and drops the rest: not listed, like every broker not verified.
 */
const STREAMING_SERVERS = /^(RabbitMQ|stompkit-)/;

/** Whether ACKs may share a WebSocket message on this connection (`batchAcks`: the app's choice). */
export function acceptsBatches(server: string | undefined, batchAcks: boolean | undefined): boolean {
  return batchAcks ?? STREAMING_SERVERS.test(server ?? "");
}

type Send = (data: string | ArrayBufferLike | Blob | ArrayBufferView) => void;

/**
 * One socket's outbound frames, with the ACK and NACK frames of one task sent together: while `on`,
 * an ACK/NACK waits (in order) until the task ends (a 0 ms timer), then all that waited go out as ONE
 * WebSocket message. Any other frame (SEND, SUBSCRIBE, a heart-beat, DISCONNECT…) first sends what
 * waits, so the broker sees every frame in the order stompjs wrote it. A socket that closes first
 * takes the waiting ACKs with it: the broker redelivers those messages, as after any drop; nothing is
 * acknowledged that the app did not get. Off (before CONNECTED, or a broker that reads one frame per
 * message), every frame is its own message.
 */
export function createAckBatch(send: Send, isOpen: () => boolean, clock: Clock) {
  let waiting: string[] = [];
  let timer: unknown;
  const flush = () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    if (!waiting.length) return;
    const data = waiting.length === 1 ? waiting[0]! : waiting.join("");
    waiting = [];
    if (isOpen()) send(data);
  };
  return {
    on: false,
    send(data: Parameters<Send>[0]) {
      if (this.on && typeof data === "string" && (data.startsWith("ACK\n") || data.startsWith("NACK\n"))) {
        waiting.push(data);
        timer ??= clock.setTimeout(flush, 0);
        return;
      }
      flush();
      send(data);
    },
    flush,
  };
}
