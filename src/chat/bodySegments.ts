import type { ChatLinkRange } from "stompkit/chat/core";
import { safeHref } from "./safeHref";

/** A run of message text; with `href` it is rendered as a link. */
export interface BodySegment {
  text: string;
  href?: string;
}

export interface BodySegments {
  segments: BodySegment[];
  /** The body was longer than `limit` and was cut (a "Show more" button expands it). */
  truncated: boolean;
}

const isIndex = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 0;

/**
 * Splits an untrusted body into text and link runs, using only the server's character ranges
 * (`startPosition` inclusive, `endPosition` exclusive, UTF-16 indices as in JavaScript). Ranges
 * that are out of bounds, empty, overlapping or not integers are ignored; a range whose `source`
 * is not http(s)/mailto stays text. With `limit`, the text is cut after `limit` characters (never
 * inside a surrogate pair).
 */
export function bodySegments(
  body: string,
  links: readonly ChatLinkRange[] | undefined,
  limit = Number.POSITIVE_INFINITY,
): BodySegments {
  const text = typeof body === "string" ? body : "";
  const ranges: { start: number; end: number; href: string }[] = [];
  if (Array.isArray(links)) {
    for (const link of links as readonly Partial<ChatLinkRange>[]) {
      const start = link?.startPosition;
      const end = link?.endPosition;
      if (!isIndex(start) || !isIndex(end) || start >= end || end > text.length) continue;
      const href = safeHref(link.source);
      if (href) ranges.push({ start, end, href });
    }
    ranges.sort((a, b) => a.start - b.start);
  }
  const segments: BodySegment[] = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start < at) continue; // overlaps the previous link
    if (r.start > at) segments.push({ text: text.slice(at, r.start) });
    segments.push({ text: text.slice(r.start, r.end), href: r.href });
    at = r.end;
  }
  if (at < text.length || segments.length === 0) segments.push({ text: text.slice(at) });
  if (text.length <= limit) return { segments, truncated: false };
  return { segments: cut(segments, limit), truncated: true };
}

function cut(segments: BodySegment[], limit: number): BodySegment[] {
  const out: BodySegment[] = [];
  let left = Math.max(0, Math.floor(limit));
  for (const s of segments) {
    if (left <= 0) break;
    if (s.text.length <= left) {
      out.push(s);
      left -= s.text.length;
      continue;
    }
    let end = left;
    const code = s.text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end -= 1; // keep a surrogate pair whole
    out.push({ ...s, text: s.text.slice(0, end) });
    break;
  }
  return out;
}
