import { StompkitError } from "stompkit/core";
import { RelayFailedError } from "./chatErrors";
import { parseEnvelope } from "./envelope";
import { readLink } from "./links";
import type { Relay } from "./relay";
import type { ChatHistoryPage, ChatMessage } from "./types";

/** One page of history as raw resources (newest first, as StompX sends them). */
export interface FetchedPage {
  resources: readonly unknown[];
  hasMore: boolean;
}

/**
 * Reads a StompX page reply: `{ type, version, resource: { _embedded: { messages: [...] }, page,
 * _relays: { next? } } }` (a bare page without the envelope is accepted too). `hasMore` is whether
 * `_relays.next` is present; `next` is that link.
 */
export function readPage(body: unknown, destination: string): FetchedPage & { next: string | undefined } {
  const envelope = parseEnvelope(body);
  const resource = envelope ? envelope.resource : body;
  const embedded =
    resource && typeof resource === "object" ? (resource as Record<string, unknown>)._embedded : undefined;
  const messages =
    embedded && typeof embedded === "object" ? (embedded as Record<string, unknown>).messages : undefined;
  // Spring HATEOAS leaves `_embedded` out of an empty page.
  if (messages !== undefined && !Array.isArray(messages))
    throw new RelayFailedError(destination, "bad-reply", "_embedded.messages is not an array");
  if (!resource || typeof resource !== "object")
    throw new RelayFailedError(destination, "bad-reply", "no page resource");
  const next = readLink(resource, "_relays", "next");
  return { resources: (messages as unknown[] | undefined) ?? [], hasMore: next !== undefined, next };
}

/**
 * Fetches history pages: through the profile's history relay (headers `page`, 0 = newest, and
 * `size`; a page's `_relays.next` link wins over the template for the pages after it), or through
 * the app's `loadHistory(before)` (the `broker` profile).
 */
export function createHistoryFetcher(ctx: {
  request: Relay["request"];
  destination(): string | undefined;
  pageSize: number;
  timeout: number;
  loadHistory?: (before: ChatMessage | undefined) => Promise<ChatHistoryPage>;
}) {
  let nextLink: string | undefined;
  return {
    /** Whether there is any history source. */
    get available() {
      return ctx.loadHistory !== undefined || ctx.destination() !== undefined;
    },
    async fetch(page: number, before: ChatMessage | undefined): Promise<FetchedPage> {
      if (ctx.loadHistory) {
        let result: ChatHistoryPage;
        try {
          result = await ctx.loadHistory(before);
        } catch (cause) {
          if (cause instanceof StompkitError) throw cause;
          throw new StompkitError("RELAY_FAILED", `loadHistory failed: ${String(cause)}`, { cause });
        }
        if (!result || !Array.isArray(result.messages))
          throw new StompkitError(
            "RELAY_FAILED",
            "loadHistory must resolve to { messages: [...], hasMore }.",
          );
        return { resources: result.messages, hasMore: result.hasMore === true };
      }
      const template = ctx.destination();
      if (!template) return { resources: [], hasMore: false };
      const destination = page > 0 ? (nextLink ?? template) : template;
      const reply = await ctx.request(destination, {
        headers: { page, size: ctx.pageSize },
        timeout: ctx.timeout,
      });
      const read = readPage(reply.body, destination);
      if (read.next) nextLink = read.next;
      return read;
    },
  };
}

/** Fetches history pages for one thread store (internal). */
export type HistoryFetcher = ReturnType<typeof createHistoryFetcher>;
