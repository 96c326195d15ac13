/**
 * A listener for every raw WebSocket message a session sends (`out`) or accepts (`in`): what the
 * observation API (`observeSession`) parses, only while someone observes. The socket paths check
 * `taps.size` and nothing else while the set is empty. @internal
 */
export type FrameTap = (direction: "in" | "out", data: unknown, socket: object) => void;

/** Calls every tap; one that throws never reaches the socket. @internal */
export function emitTaps(
  taps: ReadonlySet<FrameTap>,
  direction: "in" | "out",
  data: unknown,
  socket: object,
) {
  for (const tap of taps) {
    try {
      tap(direction, data, socket);
    } catch {
      // an observer must never break a socket callback
    }
  }
}
