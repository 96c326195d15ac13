import { type Client, FrameImpl } from "@stomp/stompjs";
import type { StompConnection } from "./connectionTypes";
import { DEV } from "./dev";
import { encodeBody } from "./encodeBody";
import { NotConnectedError, type StompkitError, TransactionAbortedError } from "./errors";
import { assertHeaderValue, sanitizeHeaders } from "./headers";
import { internals } from "./internals";
import type { ReceiptTracker } from "./receiptTracker";
import type { StompMessage } from "./stompMessage";

export interface Transaction {
  readonly id: string;
  /** SEND inside the transaction: delivered only on COMMIT. */
  send(
    destination: string,
    body: unknown,
    options?: { headers?: Record<string, string>; contentType?: string },
  ): void;
  /** ACK inside the transaction (subscribe with `autoAck: false`). */
  ack(message: StompMessage<unknown>): void;
  nack(message: StompMessage<unknown>): void;
}

/**
 * Sends COMMIT with a `receipt` header. stompjs's `commit()` takes no headers, so the frame is built
 * with its public `FrameImpl` and written to the client's current socket (`client.webSocket`), escaped
 * as the negotiated version wants: no private fields. False when there is no open socket.
 */
function sendCommit(client: Client, headers: Record<string, string>, log: (line: string) => void): boolean {
  const socket = client.webSocket;
  if (!socket || !client.connected) return false;
  const frame = new FrameImpl({
    command: "COMMIT",
    headers,
    escapeHeaderValues: client.connectedVersion === "1.2",
  });
  log(`>>> ${frame.toString()}`);
  socket.send(frame.serialize());
  return true;
}

/**
 * BEGIN, run `fn`, COMMIT (confirmed by RECEIPT) — or ABORT when `fn` throws. Rejects with
 * `TransactionAbortedError` when the connection drops before the commit is confirmed (the broker
 * aborts open transactions then); it is never re-committed on a new connection.
 */
export async function runTransaction<R>(
  conn: StompConnection,
  tracker: ReceiptTracker,
  fn: (tx: Transaction) => R | Promise<R>,
  options: { timeout?: number } = {},
): Promise<R> {
  if (!conn.connected) throw new NotConnectedError(DEV && "A transaction");
  const client = conn.client;
  const generation = conn.connection.getState().connectCount;
  const id = `tx-${tracker.nextId()}`;
  let dropped = false;
  let onDrop: () => void = () => {};
  // A callback that never settles must not hold the caller forever: the drop rejects at once.
  const droppedWhileRunning = new Promise<never>((_, reject) => {
    onDrop = () =>
      reject(new TransactionAbortedError(id, DEV && "the connection dropped; the broker aborted it."));
  });
  droppedWhileRunning.catch(() => {}); // only awaited while the callback runs
  const off = conn.on("disconnect", () => {
    dropped = true;
    onDrop();
  });
  const alive = () => !dropped && conn.connected && conn.connection.getState().connectCount === generation;
  const guard = () => {
    if (!alive())
      throw new TransactionAbortedError(id, DEV && "the connection dropped; the broker aborted it.");
  };
  try {
    client.begin(id);
    const tx: Transaction = {
      id,
      send(destination, body, opts = {}) {
        guard();
        assertHeaderValue("destination", destination);
        if (opts.contentType !== undefined) assertHeaderValue("content-type", opts.contentType);
        const encoded = encodeBody(body, opts.contentType);
        const headers = sanitizeHeaders(opts.headers);
        if (encoded.contentType) headers["content-type"] ??= encoded.contentType;
        client.publish({
          destination,
          body: encoded.body,
          binaryBody: encoded.binaryBody,
          headers: { ...headers, transaction: id },
        });
      },
      ack(message) {
        guard();
        message.ack({ transaction: id });
      },
      nack(message) {
        guard();
        message.nack({ transaction: id });
      },
    };
    let result: R;
    try {
      result = await Promise.race([fn(tx), droppedWhileRunning]);
    } catch (cause) {
      if (alive()) client.abort(id);
      if (cause instanceof TransactionAbortedError) throw cause;
      throw new TransactionAbortedError(id, DEV && `the callback threw: ${String(cause)}`, false, { cause });
    }
    guard();
    const receipt = tracker.nextId();
    const confirmed = tracker.expect(receipt, { timeout: options.timeout ?? 10_000 });
    if (!sendCommit(client, { transaction: id, receipt: tracker.wireId(receipt) }, internals(conn).log)) {
      const error = new TransactionAbortedError(id, DEV && "the connection dropped; the broker aborted it.");
      confirmed.catch(() => {}); // the wait is ended here: COMMIT never went out
      tracker.fail(receipt, error);
      throw error;
    }
    try {
      await confirmed;
    } catch (cause) {
      throw new TransactionAbortedError(id, (cause as StompkitError).message, true, { cause });
    }
    return result;
  } finally {
    off();
  }
}
