import { DEV } from "./dev";
import { InvalidHeaderError, StompConfigError } from "./errors";
import { truncate } from "./truncate";

/** Headers the library sets itself; a caller's copy is ignored. */
const reserved = new Set(["content-length", "destination", "receipt", "transaction", "subscription", "id"]);

const badValue = /[\r\n\0]/;
const badName = /[\r\n\0:]/;

/**
 * Throws `InvalidHeaderError` when `value` contains CR, LF or NUL. Used for every string that becomes
 * a header value on the wire: destinations, content types, receipt ids, CONNECT headers. stompjs
 * escapes values only on STOMP 1.2 and never in CONNECT, so on 1.0/1.1 an LF would inject a header
 * and a NUL would end the frame: refuse them on every version.
 */
export function assertHeaderValue(name: string, value: string): string {
  if (badValue.test(value)) throw new InvalidHeaderError(name, "value");
  return value;
}

/** Validates every header (names: no CR, LF, NUL or `:`, not empty; values: no CR, LF or NUL), keeping all of them. */
export function assertHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    if (!name || badName.test(name)) throw new InvalidHeaderError(name, "name");
    out[name] = assertHeaderValue(name, String(raw));
  }
  return out;
}

/**
 * Copies user headers, refusing anything that could inject a header or a frame: CR, LF or NUL in a
 * name or value, `:` in a name. (`:` in a value is fine: stompjs escapes it as `\c` on STOMP 1.2, and
 * 1.0/1.1 parsers split at the first colon.) Reserved names are dropped.
 */
export function sanitizeHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out = assertHeaders(headers);
  for (const name of Object.keys(out)) if (reserved.has(name.toLowerCase())) delete out[name];
  return out;
}

const ackModes = ["auto", "client", "client-individual"] as const;

/**
 * A SUBSCRIBE's `ack` (default `auto`): one of the three STOMP modes, else nothing is sent. CR, LF or
 * NUL in it is an `InvalidHeaderError` (it would inject a header on STOMP 1.0/1.1, where stompjs does not
 * escape); any other value — a typo, a number, `null` — is a `StompConfigError` naming the three.
 */
export function checkAckMode(ack: unknown): (typeof ackModes)[number] {
  if (ack === undefined) return "auto";
  if (typeof ack === "string") {
    const mode = ackModes.find((m) => m === ack);
    if (mode) return mode;
    assertHeaderValue("ack", ack);
  }
  const shown =
    typeof ack === "string" ? JSON.stringify(truncate(ack, 40)) : ack === null ? "null" : typeof ack;
  throw new StompConfigError(DEV && `ack must be "auto", "client" or "client-individual", got ${shown}.`);
}
