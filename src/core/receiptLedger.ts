/**
 * The receipts outstanding on the current socket, and who an ERROR may blame. An ERROR is pinned on a
 * frame only on unambiguous evidence: it names the receipt (`receipt-id`), or the frame carrying an
 * outstanding receipt is the only frame of any kind sent since the last frame the broker acknowledged
 * (CONNECTED acknowledges CONNECT; a RECEIPT its frame and, brokers working in order, every frame
 * before it). "The only outstanding receipt" is not enough: a receipt-less SEND, ACK or UNSUBSCRIBE sent
 * after it may be what the broker refused. Otherwise (RabbitMQ names none) every outstanding receipt is
 * only a suspect: any of them, or none (a frame without receipt, a broker-side fault), may be the cause.
 */
export function createReceiptLedger() {
  const outstanding = new Set<string>(); // wire receipt ids awaited
  const onWire = new Map<string, number>(); // wire receipt id → the number of the frame that carried it
  let sent = 0; // frames sent on this socket (heart-beats excluded)
  let acknowledged = 0; // the number of the last frame the broker acknowledged

  return {
    /** A receipt is awaited (before or after its frame goes out). */
    add: (id: string) => void outstanding.add(id),
    /** The RECEIPT `id` arrived: its frame and all before it were acknowledged. */
    delete(id: string) {
      const at = onWire.get(id);
      if (at !== undefined && at > acknowledged) acknowledged = at;
      onWire.delete(id);
      outstanding.delete(id);
    },
    /** One outbound WebSocket message (see `outboundReceipt`): `null` for a heart-beat. */
    sent(receipt: string | undefined | null) {
      if (receipt === null) return;
      sent++;
      if (receipt === undefined) return;
      onWire.delete(receipt); // re-sent: its latest copy counts
      onWire.set(receipt, sent);
      // Receipts nobody awaits (none of ours) must not pile up on a long-lived socket.
      if (onWire.size > MAX_NUMBERED) onWire.delete(onWire.keys().next().value!);
    },
    /** CONNECTED: it acknowledges CONNECT, the frames so far. */
    connected() {
      acknowledged = sent;
    },
    /** The socket closed: nothing is outstanding any more. */
    clear() {
      outstanding.clear();
      onWire.clear();
      sent = 0;
      acknowledged = 0;
    },
    get size() {
      return outstanding.size;
    },
    /** `[receiptId, suspects]`: the frame the ERROR refused if unambiguous, else every outstanding receipt. */
    blame(named: string | undefined): [receiptId: string | undefined, suspects: string[]] {
      if (named !== undefined) return [named, []];
      let only: string | undefined;
      if (sent - acknowledged === 1) for (const id of outstanding) if (onWire.get(id) === sent) only = id; // the one frame since, with a receipt
      return only === undefined ? [undefined, [...outstanding]] : [only, []];
    },
  };
}

const MAX_NUMBERED = 10_000;

const unescape12 = (value: string) =>
  value.replace(/\\([\\cnr])/g, (_, c: string) => ({ c: ":", n: "\n", r: "\r" })[c] ?? "\\");

/**
 * The `receipt` header of one outbound WebSocket message (a whole frame, as stompjs sends them):
 * `undefined` for a frame without one, `null` for a heart-beat (only EOLs). Reads the header block only.
 */
export function outboundReceipt(data: unknown): string | undefined | null {
  let head: string;
  if (typeof data === "string") {
    if (/^[\r\n]+$/.test(data)) return null;
    const end = data.indexOf("\n\n");
    head = end < 0 ? data : data.slice(0, end);
  } else if (data instanceof Uint8Array || data instanceof ArrayBuffer) {
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    if (bytes.length > 0 && bytes.every((b) => b === 10 || b === 13)) return null;
    let end = bytes.indexOf(10);
    while (end >= 0 && bytes[end + 1] !== 10) end = bytes.indexOf(10, end + 1);
    head = new TextDecoder().decode(bytes.subarray(0, end < 0 ? bytes.length : end));
  } else return undefined;
  const at = head.indexOf("\nreceipt:");
  if (at < 0) return undefined;
  const stop = head.indexOf("\n", at + 1);
  return unescape12(head.slice(at + "\nreceipt:".length, stop < 0 ? head.length : stop).replace(/\r$/, ""));
}
