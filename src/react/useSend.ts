import { useCallback } from "react";
import type { SendOptions, SendResult } from "stompkit/core";
import { useSessionFor } from "./StompProvider";

export type SendFunction = (destination: string, body: unknown, options?: SendOptions) => Promise<SendResult>;

/**
 * A stable `send(destination, body, options)` that returns a promise. Objects are sent as JSON;
 * while disconnected the send waits in the offline outbox (bounded) and goes out after the reconnect.
 * With `receipt: true` the promise resolves on the broker's RECEIPT. It rejects with a typed error
 * (`OutboxFullError`, `NotDeliveredError`, `ReceiptTimeoutError`, `InvalidHeaderError`) — never a silent drop.
 *
 * @example
 * const send = useSend()
 * await send('/app/chat.send', { text }, { receipt: true })
 */
export function useSend(): SendFunction {
  const session = useSessionFor("useSend");
  return useCallback<SendFunction>(
    (destination, body, options) => session.send(destination, body, options),
    [session],
  );
}
