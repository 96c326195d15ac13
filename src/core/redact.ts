import { truncate } from "./truncate";
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

// scheme://user:password@host… and the query string of any URL-looking text.
const urlPattern = /\b([a-z][a-z0-9+.-]*:\/\/)(?:([^\s/?#@:'"]*):[^\s/?#@'"]*@)?([^\s?#'"]*)(\?[^\s#'"]*)?/gi;

/**
 * Masks what a URL may carry as a secret: the password of its user info (`wss://user:***@host`)
 * and the value of every query parameter (`?token=***&v=***`), since a token can hide under any name.
 */
export function redactUrls(text: string): string {
  return text.replace(
    urlPattern,
    (_all, scheme: string, user: string | undefined, rest: string, query = "") =>
      `${scheme}${user === undefined ? "" : `${user}:***@`}${rest}${query.replace(/=[^&]*/g, "=***")}`,
  );
}

/**
 * Returns a function that masks, in a STOMP frame dump or any text: the values of the named headers
 * (`name:value` lines, the whole rest of the line), same-named query parameters outside URLs
 * (`token=…`), URL passwords and query values, and every known secret value (`secrets()`: the masked
 * CONNECT header values and URL credentials of the current attempt; each line of a multi-line value
 * is masked too). Lines longer than 1 KB are cut.
 */
export function createRedactor(
  names: readonly string[],
  secrets: () => Iterable<string> = () => [],
): (line: string) => string {
  const alternatives = names.map(escapeRegExp).join("|");
  const headerLine = alternatives ? new RegExp(`^((?:${alternatives})):[^\\r\\n]*`, "gim") : undefined;
  const query = alternatives ? new RegExp(`([?&](?:${alternatives})=)[^&#\\s]*`, "gi") : undefined;
  return (line) => {
    let out = redactUrls(line);
    if (headerLine && query) out = out.replace(headerLine, "$1:***").replace(query, "$1***");
    for (const secret of secrets()) {
      for (const part of secretParts(secret)) out = out.split(part).join("***");
    }
    return out
      .split("\n")
      .map((l) => truncate(l))
      .join("\n");
  };
}

/**
 * The pieces of a secret to mask: the whole value and each of its lines and words (a multi-line value
 * split by a log line break is still masked whole). Pieces under 3 characters are not masked alone:
 * masking every "a" would make logs unreadable without protecting anything.
 */
const secretParts = (secret: string) =>
  [...new Set([secret, ...secret.split(/[\s\0]+/)])]
    .filter((p) => p.length > 2)
    .sort((a, b) => b.length - a.length);

const decode = (v: string) => {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};

/** The secrets a URL carries: its password and its query values, raw and decoded. */
export function urlSecrets(url: string | undefined): string[] {
  try {
    const u = new URL(url ?? "");
    const values = [
      u.password,
      ...u.search
        .slice(1)
        .split("&")
        .map((p) => p.slice(p.indexOf("=") + 1)),
    ];
    return values.flatMap((v) => [v, decode(v)]).filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * The session's debug log: off unless `debug` is set; `true` writes to `console.debug`, a function
 * gets each line. Every line is masked first. Reads the options on each call, so `configure()` applies.
 * A `debug` function that throws is ignored: logging never breaks the connection.
 */
export function createDebugLog(
  options: () => {
    debug: boolean | ((line: string) => void) | undefined;
    redactHeaders: readonly string[];
  },
  secrets: () => Iterable<string> = () => [],
): (line: string) => void {
  let names: readonly string[] | undefined;
  let redact: (line: string) => string = (line) => line;
  return (line) => {
    const { debug, redactHeaders } = options();
    if (!debug) return;
    if (names !== redactHeaders) {
      names = redactHeaders;
      redact = createRedactor(redactHeaders, secrets);
    }
    const masked = redact(line);
    try {
      if (typeof debug === "function") debug(masked);
      else console.debug(`[stompkit] ${masked}`);
    } catch {
      // a throwing debug sink must not break a socket callback
    }
  };
}

/**
 * Masks an error in place before anyone sees it: its `message`, and the header values and body of the
 * ERROR frame it carries (a broker may echo a token back). Returns the same error.
 */
export function scrubError<E extends Error>(error: E, redact: (text: string) => string): E {
  try {
    error.message = redact(error.message);
    const cause = error.cause;
    if (cause instanceof Error && redact(cause.message) !== cause.message)
      error.cause = scrubError(cause, redact);
    const frame = (error as { frame?: { headers: Record<string, string>; body: string } }).frame;
    if (frame) {
      for (const name of Object.keys(frame.headers)) frame.headers[name] = redact(frame.headers[name]!);
      frame.body = redact(frame.body);
    }
  } catch {
    // a frozen error stays as it is
  }
  return error;
}

/**
 * The session's log and error scrubber, sharing one set of secrets: the masked CONNECT header values
 * of the current attempt (`setHeaders`) and the credentials of `brokerURL`.
 */
export function createSessionRedaction(
  options: () => {
    debug: boolean | ((line: string) => void) | undefined;
    redactHeaders: readonly string[];
    brokerURL: string | readonly string[] | ((attempt: number) => string) | undefined;
  },
) {
  let secrets: string[] = [];
  let current: string | undefined; // the node of the current attempt (a function option's answer)
  const urls = () => {
    const b = options().brokerURL;
    return [...(typeof b === "string" ? [b] : Array.isArray(b) ? b : []), ...(current ? [current] : [])];
  };
  const all = () => [...secrets, ...urls().flatMap(urlSecrets)];
  return {
    log: createDebugLog(options, all),
    /**
     * What masking needs, unmasked: the header names, the known secret values, the broker node of the
     * current attempt. The observation API masks its frames and URLs with it (observeSession.ts).
     */
    masking: () => {
      const { redactHeaders, brokerURL } = options();
      return {
        names: redactHeaders,
        secrets: all,
        url: current ?? (typeof brokerURL === "string" ? brokerURL : undefined),
      };
    },
    scrub: <E extends Error>(error: E) => scrubError(error, createRedactor(options().redactHeaders, all)),
    /** Remembers the broker node of the current attempt: its credentials are masked too. */
    setURL(url: string | undefined) {
      current = url;
    },
    /** Remembers the values of the masked headers among the CONNECT headers just resolved. */
    setHeaders(headers: Record<string, string>) {
      const names = options().redactHeaders;
      secrets = Object.entries(headers)
        .filter(([name]) => names.includes(name.toLowerCase()))
        .map(([, value]) => value);
    },
  };
}
