/**
 * A stable key for a destination + headers: the same subscription written in two components (headers in
 * any order) gets one key, without JSON.stringify of an object in effect deps.
 */
export function subscriptionKey(destination: string, headers: Record<string, string> = {}): string {
  const parts = Object.keys(headers)
    .sort()
    .map((name) => `${encodeURIComponent(name)}=${encodeURIComponent(headers[name] ?? "")}`);
  return parts.length ? `${destination}?${parts.join("&")}` : destination;
}
