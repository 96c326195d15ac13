import { InvalidHeaderError } from "./errors";

/** Headers the library sets itself; a caller's copy is ignored. */
const reserved = new Set(["content-length", "destination", "receipt", "transaction", "subscription", "id"]);

/**
 * Copies user headers, refusing anything that could inject a header or a frame: CR, LF or NUL in a
 * name or value, `:` in a name. (`:` in a value is fine: stompjs escapes it as `\c` on STOMP 1.2, and
 * 1.0/1.1 parsers split at the first colon.)
 */
export function sanitizeHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = String(raw);
    if (!name || /[\r\n\0:]/.test(name)) throw new InvalidHeaderError(name);
    if (/[\r\n\0]/.test(value)) throw new InvalidHeaderError(`${name}: ${value}`);
    if (reserved.has(name.toLowerCase())) continue;
    out[name] = value;
  }
  return out;
}
