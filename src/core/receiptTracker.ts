import type { IFrame } from "@stomp/stompjs";
import { createStore } from "zustand/vanilla";
import { createTimer } from "./clock";
import type { StompConnection } from "./connectionTypes";
import { DisconnectedError, ReceiptTimeoutError, ServerError, type StompkitError } from "./errors";

export type ReceiptStatus = "pending" | "received" | "timeout" | "failed";

export interface ReceiptEntry {
  status: ReceiptStatus;
  error: StompkitError | undefined;
}

export type ReceiptState = Readonly<Record<string, ReceiptEntry>>;

interface Wait {
  resolve(): void;
  reject(error: StompkitError): void;
  timer: ReturnType<typeof createTimer>;
  timeout: number;
  keepOnDisconnect: boolean;
}

/** How many settled receipts stay readable by `useReceipt` before the oldest are forgotten. */
const RETAINED = 500;

/**
 * Receipt id → `pending | received | timeout | failed`, as a store, with a timeout per wait. Waits
 * are rejected when the connection drops (unless the caller resends, as the outbox does) and when
 * an ERROR names their receipt.
 */
export function createReceiptTracker(conn: StompConnection) {
  const store = createStore<ReceiptState>(() => ({}));
  const waits = new Map<string, Wait>();
  let counter = 0;
  const prefix = Math.random().toString(36).slice(2, 8);

  const settledOrder: string[] = [];
  const write = (id: string, entry: ReceiptEntry) => {
    store.setState((s) => {
      const next: Record<string, ReceiptEntry> = { ...s, [id]: entry };
      if (entry.status !== "pending") {
        settledOrder.push(id);
        while (settledOrder.length > RETAINED) delete next[settledOrder.shift()!];
      }
      return next;
    }, true);
  };

  const settle = (id: string, status: ReceiptStatus, error?: StompkitError) => {
    const wait = waits.get(id);
    if (!wait) return;
    waits.delete(id);
    wait.timer.stop();
    write(id, { status, error });
    if (error) wait.reject(error);
    else wait.resolve();
  };

  conn.on("unhandledReceipt", (frame: IFrame) => settle(frame.headers["receipt-id"] ?? "", "received"));
  // `id` is set only when the ERROR unambiguously refused that frame. An ambiguous ERROR (RabbitMQ names
  // no receipt) fails no wait: the close after it rejects the wait, or the outbox resends its frame once.
  conn.on("stompError", (frame: IFrame, _error, id) => {
    if (id && waits.has(id))
      settle(id, "failed", new ServerError({ headers: { ...frame.headers }, body: frame.body }));
  });
  conn.on("disconnect", () => {
    for (const [id, wait] of [...waits]) {
      if (wait.keepOnDisconnect)
        wait.timer.stop(); // paused until the frame is sent again
      else settle(id, "failed", new DisconnectedError(id));
    }
  });

  return {
    store,
    /** A fresh receipt id, unique within this page. */
    nextId: () => `r-${prefix}-${++counter}`,
    /**
     * Waits for the RECEIPT `id` (the frame carrying it must be sent by the caller).
     * `keepOnDisconnect`: the caller resends the frame after a reconnect and calls `restart(id)`.
     */
    expect(id: string, options: { timeout: number; keepOnDisconnect?: boolean }): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        const timer = createTimer(conn.clock);
        waits.set(id, {
          resolve,
          reject,
          timer,
          timeout: options.timeout,
          keepOnDisconnect: !!options.keepOnDisconnect,
        });
        write(id, { status: "pending", error: undefined });
        conn.trackReceipt(id);
        if (options.timeout > 0)
          timer.start(options.timeout, () =>
            settle(id, "timeout", new ReceiptTimeoutError(id, options.timeout)),
          );
      });
    },
    /** Restarts the timeout of a wait whose frame was just sent again. */
    restart(id: string) {
      const wait = waits.get(id);
      if (wait) conn.trackReceipt(id);
      if (wait && wait.timeout > 0) {
        wait.timer.start(wait.timeout, () =>
          settle(id, "timeout", new ReceiptTimeoutError(id, wait.timeout)),
        );
      }
    },
    fail(id: string, error: StompkitError) {
      settle(id, "failed", error);
    },
    pending: (id: string) => waits.has(id),
    diagnostics: () => ({
      waits: waits.size,
      timers: [...waits.values()].filter((w) => w.timer.pending).length,
    }),
  };
}

export type ReceiptTracker = ReturnType<typeof createReceiptTracker>;
