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

/**
 * The session's debug log: off unless `debug` is set; `true` writes to `console.debug`, a function
 * gets each line. Every line is masked first. Reads the options on each call, so `configure()` applies.
 */
export function createDebugLog(
  options: () => {
    debug: boolean | ((line: string) => void) | undefined;
    redactHeaders: readonly string[];
  },
): (line: string) => void {
  let names: readonly string[] | undefined;
  let redact: (line: string) => string = (line) => line;
  return (line) => {
    const { debug, redactHeaders } = options();
    if (!debug) return;
    if (names !== redactHeaders) {
      names = redactHeaders;
      redact = createRedactor(redactHeaders);
    }
    const masked = redact(line);
    if (debug === true) console.debug(`[stompkit] ${masked}`);
    else debug(masked);
  };
}
