const allowed = new Set(["http:", "https:", "mailto:"]);

/**
 * The `href` for a server-given link source, or `undefined` when it must not become a link. Only
 * absolute `http:`, `https:` and `mailto:` URLs pass; `javascript:`, `data:`, `vbscript:`, relative
 * URLs and anything the WHATWG URL parser rejects stay plain text. The parser strips the tabs,
 * newlines and leading control characters that are used to disguise a scheme (`java\tscript:`), so
 * the check runs on what a browser would actually follow.
 */
export function safeHref(source: unknown): string | undefined {
  if (typeof source !== "string" || source.length === 0 || source.length > 8192) return undefined;
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return undefined;
  }
  return allowed.has(url.protocol) ? url.href : undefined;
}
