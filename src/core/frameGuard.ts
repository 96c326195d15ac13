import { DEV } from "./dev";
import { FrameError, type FrameErrorReason } from "./errors";
import { endsWithNul, opensFrame } from "./frameStart";
import { NON_ASCII, utf8Weight } from "./utf8";

/** Default `maxFrameSize`: 1 MiB, the size stompjs's own test suite round-trips. */
export const DEFAULT_MAX_FRAME_SIZE = 1024 * 1024;

const NUL = 0;
const LF = 10;
const CR = 13;
const COLON = 58;
const CONTENT_LENGTH = "content-length";

type State = "between" | "command" | "lineStart" | "key" | "value" | "fixed" | "nul";

/** Result of checking one WebSocket message: `true` (forward it whole), or the violation. */
export type FrameCheck =
  | true
  | {
      error: FrameError;
      /** The part of the message made of whole frames and EOLs before the bad frame (forward it), if any. */
      prefix: string | ArrayBuffer | undefined;
    };

/**
 * Checks inbound STOMP data before `@stomp/stompjs`'s parser buffers it. The state machine mirrors that
 * parser byte for byte (CR ignored in commands and values, EOLs and NULs between frames, the first
 * `content-length` wins), so both agree on where every frame ends, but it keeps no body: memory is a few
 * numbers. Violations: a frame (command, headers and body, the NUL excluded) over `maxFrameSize` bytes,
 * including data that never ends; a `content-length` that is not a non-negative decimal integer; a frame
 * whose byte right after `content-length` body bytes is not the NUL, or whose `content-length` visibly
 * runs past its NUL into the next frames (`opensFrame`: seen when the next message arrives, not only
 * once the declared bytes have come, which a quiet broker may never send). Strings are counted in UTF-8 bytes,
 * as the parser sees them.
 */
export function createFrameChecker(maxFrameSize: number) {
  let state: State = "between";
  let frameBytes = 0; // bytes of the current frame so far
  let key = ""; // the header name being read, up to CONTENT_LENGTH.length + 1 characters
  let readingLength = false; // the value being read is the first content-length
  let [seenLength, length, digits] = [false, -1, 0]; // length: -1 none, -2 not a non-negative integer
  let remaining = 0; // body bytes still expected (content-length frames)
  let afterNul = false; // the previous message ended with a NUL
  let failed: FrameError | undefined;

  const fail = (reason: FrameErrorReason, detail: string | false) => {
    failed = new FrameError(reason, maxFrameSize, detail);
  };
  const tooLarge = () => {
    if (frameBytes > maxFrameSize)
      fail("too-large", DEV && `a frame passed ${maxFrameSize} bytes without ending`);
    return frameBytes > maxFrameSize;
  };

  /** Feeds one unit (a byte, or a UTF-16 code unit standing for `weight` UTF-8 bytes). */
  function step(code: number, weight: number): boolean {
    switch (state) {
      case "between":
        if (code === NUL || code === CR || code === LF) return true; // padding and heart-beats
        state = "command";
        frameBytes = 0;
        seenLength = false;
        length = -1;
        return step(code, weight);
      case "fixed":
        if (remaining === 0) {
          if (code !== NUL) {
            fail("content-length-mismatch", DEV && "the byte after content-length body bytes is not the NUL");
            return false;
          }
          state = "between";
          return true;
        }
        if (weight > remaining) {
          fail("content-length-mismatch", DEV && "content-length ends inside a multi-byte character");
          return false;
        }
        remaining -= weight;
        return true; // size was checked when the headers ended
      case "nul":
        if (code === NUL) {
          state = "between";
          return true;
        }
        break;
      case "command":
        if (code === LF) state = "lineStart";
        break;
      case "lineStart":
        if (code === LF) {
          frameBytes += weight;
          return startBody();
        }
        if (code !== CR) {
          state = "key";
          key = "";
          return step(code, weight);
        }
        break;
      case "key":
        if (code === COLON) {
          readingLength = !seenLength && key === CONTENT_LENGTH;
          if (readingLength) {
            seenLength = true;
            length = 0;
            digits = 0;
          }
          state = "value";
        } else if (key.length <= CONTENT_LENGTH.length) key += String.fromCharCode(code);
        break;
      case "value":
        if (code === LF) {
          if (readingLength && digits === 0) length = -2;
          readingLength = false;
          state = "lineStart";
        } else if (readingLength && code !== CR && length !== -2) {
          if (code >= 48 && code <= 57) {
            digits++;
            // Past the limit the exact value no longer matters (and must not lose precision).
            length = Math.min(length * 10 + (code - 48), maxFrameSize + 1);
          } else length = -2;
        }
        break;
    }
    frameBytes += weight;
    return !tooLarge();
  }

  function startBody(): boolean {
    if (length === -2) {
      fail("bad-content-length", DEV && "content-length is not a non-negative integer");
      return false;
    }
    if (length >= 0) {
      if (frameBytes + length > maxFrameSize) {
        fail(
          "too-large",
          DEV && `content-length ${length} makes the frame larger than ${maxFrameSize} bytes`,
        );
        return false;
      }
      remaining = length;
      state = "fixed";
    } else state = "nul";
    return !tooLarge();
  }

  const bytesOf = (data: ArrayBuffer | ArrayBufferView) =>
    ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);
  const violation = (prefix: string | ArrayBuffer | undefined): FrameCheck => ({ error: failed!, prefix });

  /**
   * Skips body units of a text message in bulk (no per-unit call); returns the next unit to step. ASCII
   * runs (`nonAsciiFrom`: a native regex scan) count a byte per unit at once, others are weighed one by one.
   */
  function skipText(data: string, i: number, nonAsciiFrom: (i: number) => number): number {
    const nul = state === "nul";
    const end = nul ? data.indexOf("\0", i) : -1;
    const stop = end < 0 ? data.length : end;
    while (i < stop && (nul || remaining > 0)) {
      const ascii = Math.min(nonAsciiFrom(i), stop) - i;
      const weight = ascii > 0 ? (nul ? ascii : Math.min(ascii, remaining)) : utf8Weight(data, i, stop);
      if (nul) {
        frameBytes += weight;
        if (frameBytes > maxFrameSize) return i; // step() reports it on this unit
      } else if (weight > remaining)
        return i; // step() reports the mismatch on this unit
      else remaining -= weight;
      i += ascii > 0 ? weight : weight === 4 ? 2 : 1;
    }
    return i;
  }

  /** The same for bytes. */
  function skipBytes(bytes: Uint8Array, i: number): number {
    if (state === "nul") {
      const end = bytes.indexOf(NUL, i);
      const stop = end < 0 ? bytes.length : end;
      const room = maxFrameSize - frameBytes;
      if (stop - i > room) {
        frameBytes += room;
        return i + room; // step() reports the first byte over the limit
      }
      frameBytes += stop - i;
      return stop;
    }
    const n = Math.min(remaining, bytes.length - i);
    remaining -= n;
    return i + n;
  }

  return {
    /** Checks one WebSocket message; after a violation every later call reports it again. */
    check(data: string | ArrayBuffer | ArrayBufferView): FrameCheck {
      if (failed) return { error: failed, prefix: undefined };
      let safe = 0; // units [0, safe) are whole frames or padding
      const units = typeof data === "string" ? data : bytesOf(data);
      if (state === "fixed" && remaining > 0 && afterNul && opensFrame(units)) {
        fail(
          "content-length-mismatch",
          DEV && "content-length runs past the frame's NUL into the next frame",
        );
        return violation(undefined);
      }
      afterNul = endsWithNul(units);
      if (typeof data === "string") {
        // The first non-ASCII unit at or after `from` (or data.length), remembered: one scan per message.
        let nonAscii = -1;
        const nonAsciiFrom = (from: number) => {
          if (nonAscii < from) {
            NON_ASCII.lastIndex = from;
            nonAscii = NON_ASCII.test(data) ? NON_ASCII.lastIndex - 1 : data.length;
          }
          return nonAscii;
        };
        for (let i = 0; i < data.length; i++) {
          if (state === "nul" || state === "fixed") {
            i = skipText(data, i, nonAsciiFrom);
            if (i >= data.length) break;
          }
          const c = data.charCodeAt(i);
          const weight = utf8Weight(data, i, data.length);
          if (weight === 4) i++; // a surrogate pair is one character
          if (!step(c, weight)) return violation(safe > 0 ? data.slice(0, safe) : undefined);
          if (state === "between") safe = i + 1;
        }
        return true;
      }
      const bytes = units as Uint8Array;
      for (let i = 0; i < bytes.length; i++) {
        if (state === "nul" || state === "fixed") {
          i = skipBytes(bytes, i);
          if (i >= bytes.length) break;
        }
        if (!step(bytes[i]!, 1)) return violation(safe > 0 ? bytes.slice(0, safe).buffer : undefined);
        if (state === "between") safe = i + 1;
      }
      return true;
    },
  };
}
