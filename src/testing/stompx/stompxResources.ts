import type { ChatProfile } from "stompkit/chat/core";

/** A message as the embedded StompX server stores it (the resource it sends, minus `receipt`). */
export interface StoredMessage {
  id: string;
  type: string;
  body: string;
  user: string;
  createdTime: string;
  createdAt: number;
  /** The receipt of the SEND that created it (the seed's `resource.receipt`). */
  receipt: string | undefined;
  /** The `x-idempotency-key` of the SEND that created it: a resend with it gets this message again. */
  idempotencyKey?: string;
}

/** A destination template (`/application/v1/threads/{thread}.message`) as a matcher returning the thread. */
export function templateMatcher(template: string | undefined): (destination: string) => string | undefined {
  if (!template) return () => undefined;
  const parts = template.split("{thread}").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const re = new RegExp(`^${parts.join("([^/]+)")}$`);
  return (destination) => {
    const m = re.exec(destination);
    return m ? (m[1] ?? "") : undefined;
  };
}

const fill = (template: string | undefined, thread: string) => template?.split("{thread}").join(thread);

/** The message resource for a profile: the seed's shape for `stompx-2020` (no `id`, `receipt` inside). */
export function messageResource(profile: ChatProfile, m: StoredMessage, thread: string) {
  const v1 = profile.name === "stompx-2020";
  return {
    ...(v1 ? {} : { id: m.id }),
    type: m.type,
    user: { type: "PERSON", name: m.user },
    ...(v1 && m.receipt !== undefined ? { receipt: m.receipt } : {}),
    body: m.body,
    createdTime: m.createdTime,
    _relays: {
      user: `/application/v1/users/${encodeURIComponent(m.user)}.relay`,
      thread: fill(profile.threadRelay ?? "/application/v1/threads/{thread}.relay", thread),
    },
  };
}

/** `{ type, version: "v1", resource }` as a MESSAGE body. */
export const envelope = (type: string, resource: unknown) =>
  JSON.stringify({ type, version: "v1", resource });

/**
 * One page of a thread's history, newest first: `{ _embedded: { messages }, page: { size,
 * totalElements, totalPages, number }, _relays: { self, next? } }`.
 */
export function pageResource(
  profile: ChatProfile,
  thread: string,
  stored: readonly StoredMessage[],
  request: { page: number; size: number; destination: string },
) {
  const { page, size } = request;
  const total = stored.length;
  const from = total - page * size; // stored is oldest first
  const slice = from <= 0 ? [] : stored.slice(Math.max(0, from - size), from).reverse();
  const totalPages = Math.ceil(total / size);
  return {
    _embedded: { messages: slice.map((m) => messageResource(profile, m, thread)) },
    page: { size, totalElements: total, totalPages, number: page },
    _relays: {
      self: request.destination,
      ...(page + 1 < totalPages ? { next: request.destination } : {}),
    },
  };
}

/** The thread resource with its hypermedia links (what `threadRelay` answers). */
export function threadResource(profile: ChatProfile, thread: string) {
  const links = (entries: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
  return {
    id: thread,
    _topics: links({ messages: fill(profile.topic, thread), typing: fill(profile.typingTopic, thread) }),
    _actions: links({
      message: fill(profile.action, thread),
      keystrokes: fill(profile.keystrokesAction, thread),
    }),
    _relays: links({ messages: fill(profile.historyRelay, thread) }),
  };
}

/** A request header as a bounded integer (`page`, `size`): absent, negative or NaN → the fallback. */
export function intHeader(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return fallback; // no "-1", "1e3", "0x1", "1.5"
  return Math.min(Number(value), max);
}
