/** Escapes the characters that separate a key's parts; never throws (a lone surrogate stays as it is). */
export const escapeKeyPart = (part: string): string =>
  part.replace(/[%&=?#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A stable key for a destination + headers: the same subscription written in two components (headers in
 * any order) gets one key, without JSON.stringify of an object in effect deps. Never throws, whatever
 * the strings hold.
 */
export function subscriptionKey(destination: string, headers: Record<string, string> = {}): string {
  const parts = Object.keys(headers)
    .sort()
    .map((name) => `${escapeKeyPart(name)}=${escapeKeyPart(headers[name] ?? "")}`);
  return parts.length ? `${destination}?${parts.join("&")}` : destination;
}
