/**
 * Evidence that a `content-length` ran past its frame. STOMP's byte stream cannot tell a body byte from
 * a frame boundary, but WebSocket brokers give two tells: a message that is only EOLs is a heart-beat
 * (sent between frames), and a message that opens with a server command line (`MESSAGE\n`, …) starts a
 * frame. Either one, arriving while a `content-length` body is still open and right after a message that
 * ended with a NUL, means the broker thinks the frame ended at that NUL: the frames after it are being
 * swallowed as body. A body split across messages exactly after a NUL byte and continuing with one of
 * these lines is the only false positive, and no broker we know of splits frames that way.
 */
const SERVER_COMMANDS = ["MESSAGE", "RECEIPT", "ERROR", "CONNECTED"];
const LF = 10;
const CR = 13;

/** True when `data` (one WebSocket message) is a heart-beat or opens with a server command line. */
export function opensFrame(data: string | Uint8Array): boolean {
  const at = (i: number) => (typeof data === "string" ? data.charCodeAt(i) : (data[i] ?? Number.NaN));
  const length = data.length;
  if (length === 0) return false;
  let eols = 0;
  while (eols < length && (at(eols) === LF || at(eols) === CR)) eols++;
  if (eols === length) return true; // only EOLs: a heart-beat
  for (const command of SERVER_COMMANDS) {
    let i = 0;
    while (i < command.length && at(i) === command.charCodeAt(i)) i++;
    if (i < command.length) continue;
    if (at(i) === LF || (at(i) === CR && at(i + 1) === LF)) return true;
  }
  return false;
}

/** True when the last unit of `data` is a NUL. */
export const endsWithNul = (data: string | Uint8Array): boolean =>
  data.length > 0 &&
  (typeof data === "string" ? data.charCodeAt(data.length - 1) : data[data.length - 1]) === 0;
