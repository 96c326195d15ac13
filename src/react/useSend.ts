import { useCallback, useDebugValue, useMemo, useRef, useState } from "react";
import { outboxOf, type SendOptions, type SendResult, type StompkitError } from "stompkit/core";
import { useSessionFor } from "./StompProvider";

/**
 * `send(destination, body, options)`: resolves with `{ receiptId, idempotencyKey }` once sent (with
 * `receipt`, once the broker's RECEIPT arrived) and rejects with a typed error.
 */
export type SendFunction = (destination: string, body: unknown, options?: SendOptions) => Promise<SendResult>;

/** `idle` before the first send or after `reset()`; then the state of the LAST send. */
export type SendStatus = "idle" | "pending" | "success" | "error";

/** What `useSend()` returns (TanStack Query's `useMutation` shape). */
export interface UseSendResult {
  /** Stable across renders. Fire and forget is safe: a failure goes to `error` (the promise is handled). */
  send: SendFunction;
  /** The last send's status. */
  status: SendStatus;
  /** The last send's result (its `receiptId`) once it succeeded. */
  data: SendResult | undefined;
  /** The last send's typed error (`OutboxFullError`, `NotDeliveredError`, `ReceiptTimeoutError`, …). */
  error: StompkitError | undefined;
  /** Back to `idle`; a send still in flight no longer updates this state. */
  reset(): void;
}

interface LastSend {
  status: SendStatus;
  data: SendResult | undefined;
  error: StompkitError | undefined;
}

const idle: LastSend = { status: "idle", data: undefined, error: undefined };

/**
 * Sends, mutation-style: a stable `send(destination, body, options)` plus `{ status, data, error, reset }`
 * of the last send. Objects are sent as JSON; while disconnected the send waits in the offline outbox
 * (bounded) and goes out after the reconnect. Ask for a receipt PER SEND with `receipt: true`: each send
 * gets its own id (in the result, and in `data.receiptId` for `useReceipt`), so a double click never
 * reuses a pending id. Nothing updates after unmount.
 *
 * @example
 * const { send, status, error } = useSend()
 * <button onClick={() => send('/app/chat.send', { text }, { receipt: true })} disabled={status === 'pending'}>
 * const { receiptId } = await send('/app/orders', order, { receipt: true })
 */
export function useSend(): UseSendResult {
  const session = useSessionFor("useSend"); // the outbox attaches on the first send
  const [last, setLast] = useState<LastSend>(idle);
  // Only the latest send (since the last reset) may write the state.
  const latest = useRef(0);
  const send = useCallback<SendFunction>(
    (destination, body, options) => {
      const id = ++latest.current;
      setLast({ status: "pending", data: undefined, error: undefined });
      const promise = outboxOf(session).send(destination, body, options);
      promise.then(
        (data) => {
          if (latest.current === id) setLast({ status: "success", data, error: undefined });
        },
        (error: StompkitError) => {
          if (latest.current === id) setLast({ status: "error", data: undefined, error });
        },
      );
      return promise;
    },
    [session],
  );
  const reset = useCallback(() => {
    latest.current++;
    setLast(idle);
  }, []);
  const result = useMemo(() => ({ ...last, send, reset }), [last, send, reset]);
  useDebugValue(last.status);
  return result;
}
