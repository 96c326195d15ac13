import type { IFrame } from "@stomp/stompjs";
import { createStore, type StoreApi } from "zustand/vanilla";
import { createTimer } from "./clock";
import type { StompConnection } from "./connectionTypes";
import {
  DisconnectedError,
  DuplicateReceiptError,
  ReceiptTimeoutError,
  ServerError,
  type StompkitError,
} from "./errors";
import { assertHeaderValue } from "./headers";
import { attach, internals } from "./internals";

/**
 * `queued`: the send waits in the offline outbox; `pending`: on the wire, waiting for its RECEIPT;
 * then `received`, `timeout` or `failed`.
 */
export type ReceiptStatus = "queued" | "pending" | "received" | "timeout" | "failed";

export interface ReceiptEntry {
  status: ReceiptStatus;
  error: StompkitError | undefined;
}

/**
 * Receipt id → entry. A `Map`, never a plain object: ids such as `constructor`, `toString` or
 * `__proto__` are ordinary ids. A new Map on every change, so it can be compared by reference.
 */
export type ReceiptState = ReadonlyMap<string, ReceiptEntry>;

interface Wait {
  resolve(): void;
  reject(error: StompkitError): void;
  timer: ReturnType<typeof createTimer>;
  timeout: number;
  keepOnDisconnect: boolean;
  /** When the frame carrying it went out (last sent), clock ms: the age `inspectSession` shows. */
  since: number;
}

/** How many settled receipts stay readable by `useReceipt` before the oldest are forgotten. */
const RETAINED = 500;

/**
 * Receipt id → `queued | pending | received | timeout | failed`, as a store, with a timeout per wait.
 * Waits are rejected when the connection drops (unless the caller resends, as the outbox does) and
 * when an ERROR names their receipt. An id is in use from `reserve`/`expect` until it settles: using
 * it again meanwhile is a `DuplicateReceiptError`.
 *
 * On the wire, an id that is also the name of an `Object.prototype` member (`constructor`,
 * `__proto__`, …) is replaced by a generated one: @stomp/stompjs looks RECEIPT ids up in a plain
 * object, where such a name finds the prototype's member and the RECEIPT would never reach us.
 */
export function createReceiptTracker(conn: StompConnection): ReceiptTracker {
  const store = createStore<ReceiptState>(() => new Map());
  const waits = new Map<string, Wait>();
  const reserved = new Set<string>(); // queued ids
  const toWire = new Map<string, string>(); // id → id on the wire (only when they differ)
  const fromWire = new Map<string, string>();
  let counter = 0;
  const prefix = Math.random().toString(36).slice(2, 8);
  const nextId = () => `r-${prefix}-${++counter}`;

  const settledOrder: string[] = [];
  const write = (id: string, entry: ReceiptEntry) => {
    const next = new Map(store.getState());
    next.delete(id); // re-inserted last: the Map keeps insertion order
    next.set(id, entry);
    if (entry.status !== "pending" && entry.status !== "queued") {
      settledOrder.push(id);
      while (settledOrder.length > RETAINED) {
        const old = settledOrder.shift()!;
        if (!waits.has(old) && !reserved.has(old) && !settledOrder.includes(old)) next.delete(old);
      }
    }
    store.setState(next, true);
  };

  const unmap = (id: string) => {
    const wire = toWire.get(id);
    if (wire !== undefined) fromWire.delete(wire);
    toWire.delete(id);
  };

  const settle = (id: string, status: ReceiptStatus, error?: StompkitError) => {
    const wait = waits.get(id);
    if (!wait) return;
    waits.delete(id);
    unmap(id);
    wait.timer.stop();
    write(id, { status, error });
    if (error) wait.reject(error);
    else wait.resolve();
  };

  const idOf = (wire: string | undefined) => (wire === undefined ? undefined : (fromWire.get(wire) ?? wire));

  conn.on("unhandledReceipt", (frame: IFrame) => {
    const id = idOf(frame.headers["receipt-id"]);
    if (id !== undefined) settle(id, "received");
  });
  // `wire` is set only when the ERROR unambiguously refused that frame. An ambiguous ERROR (RabbitMQ names
  // no receipt) fails no wait: the close after it rejects the wait, or the outbox resends its frame once.
  conn.on("stompError", (frame: IFrame, error, wire) => {
    const id = idOf(wire);
    if (id === undefined || !waits.has(id)) return;
    settle(
      id,
      "failed",
      error instanceof ServerError
        ? error
        : new ServerError({ headers: { ...frame.headers }, body: frame.body }),
    );
  });
  conn.on("disconnect", () => {
    for (const [id, wait] of [...waits]) {
      if (wait.keepOnDisconnect)
        wait.timer.stop(); // paused until the frame is sent again
      else settle(id, "failed", new DisconnectedError(id));
    }
  });

  const wireId = (id: string): string => {
    if (!(id in Object.prototype)) return id;
    let wire = toWire.get(id);
    if (wire === undefined) {
      wire = nextId();
      toWire.set(id, wire);
      fromWire.set(wire, id);
    }
    return wire;
  };

  const inUse = (id: string) => waits.has(id) || reserved.has(id);

  return {
    store,
    /** A fresh receipt id, unique within this page. */
    nextId,
    /** True while `id` is queued or pending (a send with it has not settled). */
    inUse,
    /**
     * Marks `id` as `queued` (a send waiting in the outbox). Throws `DuplicateReceiptError` when the id
     * is in use and `InvalidHeaderError` when it cannot be a header value.
     */
    reserve(id: string) {
      assertHeaderValue("receipt", id);
      if (inUse(id)) throw new DuplicateReceiptError(id);
      reserved.add(id);
      write(id, { status: "queued", error: undefined });
    },
    /** Ends a reservation that was never sent (expired, closed, refused): `failed` with `error`. */
    release(id: string, error: StompkitError) {
      if (!reserved.delete(id)) return;
      write(id, { status: "failed", error });
    },
    /** The value to put in the frame's `receipt` header for `id`. */
    wireId,
    /**
     * Waits for the RECEIPT `id`; the frame carrying `wireId(id)` must be sent by the caller.
     * `keepOnDisconnect`: the caller resends the frame after a reconnect and calls `restart(id)`.
     * Throws `DuplicateReceiptError` when `id` is already pending.
     */
    expect(id: string, options: { timeout: number; keepOnDisconnect?: boolean }): Promise<void> {
      assertHeaderValue("receipt", id);
      if (waits.has(id)) throw new DuplicateReceiptError(id);
      reserved.delete(id);
      return new Promise<void>((resolve, reject) => {
        const timer = createTimer(conn.clock);
        waits.set(id, {
          resolve,
          reject,
          timer,
          timeout: options.timeout,
          keepOnDisconnect: !!options.keepOnDisconnect,
          since: conn.clock.now(),
        });
        write(id, { status: "pending", error: undefined });
        internals(conn).trackReceipt(wireId(id));
        if (options.timeout > 0)
          timer.start(options.timeout, () =>
            settle(id, "timeout", new ReceiptTimeoutError(id, options.timeout)),
          );
      });
    },
    /** A pending wait whose frame went back to the outbox after a drop: `queued` until `restart`. */
    requeue(id: string) {
      if (waits.has(id)) write(id, { status: "queued", error: undefined });
    },
    /** Restarts the timeout of a wait whose frame was just sent again. */
    restart(id: string) {
      const wait = waits.get(id);
      if (wait) write(id, { status: "pending", error: undefined });
      if (wait) wait.since = conn.clock.now();
      if (wait) internals(conn).trackReceipt(wireId(id));
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
    inspect: () =>
      [...waits].map(([id, w]) => ({
        id,
        status: store.getState().get(id)?.status ?? "pending",
        since: w.since,
      })),
    diagnostics: () => ({
      waits: waits.size,
      timers: [...waits.values()].filter((w) => w.timer.pending).length,
    }),
  };
}

/**
 * Receipt id → status, as a zustand store (what `useReceipt` reads), and the waits behind receipted
 * sends and transaction commits. Reading `store` is public; the other methods serve the outbox and
 * transactions.
 */
export interface ReceiptTracker {
  /** Receipt id → `{ status, error }`; a new Map on every change. */
  readonly store: StoreApi<ReceiptState>;
  /** A fresh receipt id, unique within this page. */
  nextId(): string;
  /** True while `id` is queued or pending (a send with it has not settled). */
  inUse(id: string): boolean;
  /** Marks `id` as `queued`; throws `DuplicateReceiptError` when in use, `InvalidHeaderError` when not a header value. */
  reserve(id: string): void;
  /** Ends a reservation that was never sent: `failed` with `error`. */
  release(id: string, error: StompkitError): void;
  /** The value to put in the frame's `receipt` header for `id`. */
  wireId(id: string): string;
  /** Waits for the RECEIPT `id` (see `createReceiptTracker`). */
  expect(id: string, options: { timeout: number; keepOnDisconnect?: boolean }): Promise<void>;
  /** A pending wait whose frame went back to the outbox after a drop: `queued` until `restart`. */
  requeue(id: string): void;
  /** Restarts the timeout of a wait whose frame was just sent again. */
  restart(id: string): void;
  /** Fails the wait `id` with `error`. */
  fail(id: string, error: StompkitError): void;
  /** True while a wait for `id` is pending. */
  pending(id: string): boolean;
  /** The waits, read-only: id, status and when their frame went out (read-only; what `inspectSession` lists). */
  inspect(): { id: string; status: ReceiptStatus; since: number }[];
  /** Waits and their timers (leak checks). */
  diagnostics(): { waits: number; timers: number };
}

/**
 * The receipt tracker of a session, created the first time it is asked for: what `useReceipt` reads.
 * The same object as `withSending(session).receipts`.
 */
export const receiptsOf = (conn: StompConnection): ReceiptTracker =>
  attach(conn, "receipts", createReceiptTracker);
