import type { ChatLinkRange, ChatMessage, ChatProfile, ChatUser } from "./types";

const record = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const text = (v: unknown, max = 1000): string | undefined =>
  typeof v === "string" && v !== "" ? v.slice(0, max) : undefined;

/** FNV-1a over UTF-16 code units, 2 × 32 bits: a short, stable content fingerprint (not security). */
function fingerprint(input: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0).toString(36) + (h2 >>> 0).toString(36);
}

/**
 * The message's id: `resource.id` when the server gives one (StompX 1.x/2.x, the `broker` profile's
 * client-made id). The seed's resource has none (only `receipt`, `createdTime`, `body`, `user`,
 * `_relays`), so then the id is derived from its content: `x-` + a fingerprint of `createdTime`, the
 * author's name, `receipt` and `body`. The same message then gets the same id from the live topic
 * and from a history page (needed to merge gap-fill pages). The MESSAGE `message-id` header cannot
 * serve: page items have no headers, and brokers set it per delivery.
 */
export function deriveMessageId(resource: unknown): string | undefined {
  const r = record(resource);
  if (!r) return undefined;
  if (typeof r.id === "string" && r.id !== "") return r.id.slice(0, 200);
  if (typeof r.id === "number" && Number.isFinite(r.id)) return String(r.id);
  const user = record(r.user);
  const parts = [r.createdTime, user?.name, r.receipt, r.body].map((p) => (typeof p === "string" ? p : ""));
  if (parts.every((p) => p === "")) return undefined;
  return `x-${fingerprint(parts.join("\u0001"))}`;
}

/** Where this profile's echo carries the receipt of our SEND: `receipt-id` header and/or `resource.receipt`. */
export function echoReceipt(
  profile: ChatProfile,
  resource: unknown,
  headers: Readonly<Record<string, string>> | undefined,
): string | undefined {
  const fromHeader = headers?.["receipt-id"] || undefined;
  const fromResource = text(record(resource)?.receipt, 200);
  if (profile.receiptEcho === "header") return fromHeader;
  if (profile.receiptEcho === "resource") return fromResource;
  return fromHeader ?? fromResource;
}

function toUser(value: unknown): ChatUser | undefined {
  const u = record(value);
  const name = text(u?.name, 200) ?? text(u?.username, 200);
  if (!name) return undefined;
  const displayName = text(u?.displayName, 200);
  return displayName ? { name, displayName } : { name };
}

function toLinks(value: unknown, bodyLength: number): ChatLinkRange[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: ChatLinkRange[] = [];
  for (const item of value.slice(0, 100)) {
    const l = record(item);
    const source = text(l?.source, 2000);
    const start = l?.startPosition;
    const end = l?.endPosition;
    if (
      source &&
      Number.isInteger(start) &&
      Number.isInteger(end) &&
      (start as number) >= 0 &&
      (end as number) >= (start as number) &&
      (end as number) <= bodyLength
    )
      out.push({ source, startPosition: start as number, endPosition: end as number });
  }
  return out.length ? out : undefined;
}

/**
 * A server message resource as a `ChatMessage` (`confirmed`), or `undefined` when it has no usable
 * id. Everything is copied defensively: strings are capped, links are checked against the body,
 * an unparsable `createdTime` falls back to `fallbackTime`.
 */
export function toChatMessage(
  resource: unknown,
  context: { currentUser: string | undefined; fallbackTime: number },
): ChatMessage | undefined {
  const r = record(resource);
  const id = deriveMessageId(r);
  if (!r || !id) return undefined;
  const body = typeof r.body === "string" ? r.body : "";
  const parsed = typeof r.createdTime === "string" ? Date.parse(r.createdTime) : Number.NaN;
  const createdAt = Number.isFinite(parsed) ? parsed : context.fallbackTime;
  const user = toUser(r.user);
  const links = toLinks(r.links, body.length);
  const message: ChatMessage = {
    id,
    type: text(r.type, 50) ?? "TEXT",
    body,
    user,
    createdTime: Number.isFinite(parsed) ? (r.createdTime as string) : new Date(createdAt).toISOString(),
    createdAt,
    status: "confirmed",
    mine: user !== undefined && context.currentUser !== undefined && user.name === context.currentUser,
    resource,
  };
  if (links) message.links = links;
  return message;
}
