/** Header names masked in every debug line, compared case-insensitively. */
export const defaultRedactedHeaders = [
  "passcode",
  "authorization",
  "x-authorization",
  "proxy-authorization",
  "token",
  "access_token",
  "x-auth-token",
  "cookie",
  "set-cookie",
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Returns a function that masks the values of the named headers in a STOMP frame dump
 * (`name:value` lines), and of same-named query parameters in URLs (`?token=…`).
 */
export function createRedactor(names: readonly string[]): (line: string) => string {
  const alternatives = names.map(escapeRegExp).join("|");
  if (!alternatives) return (line) => line;
  const headerLine = new RegExp(`^((?:${alternatives})):[^\\r\\n]*`, "gim");
  const query = new RegExp(`([?&](?:${alternatives})=)[^&#\\s]*`, "gi");
  return (line) => line.replace(headerLine, "$1:***").replace(query, "$1***");
}
