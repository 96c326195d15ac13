import { DEV, StompConfigError } from "stompkit/core";
import type { ChatProfile, ChatProfileName } from "./types";

/**
 * The seed's dialect (ChatKitty's 2020 article): `message.created` on
 * `/topic/v1/threads/{thread}.messages`, SEND to `/application/v1/threads/{thread}.message`, the
 * echo carries our receipt in `resource.receipt`, history from
 * `/application/v1/threads/{thread}.messages.relay` (headers `page`, `size`), errors on
 * `/user/queue/v1/errors`. The default profile.
 */
export const stompx2020Profile: ChatProfile = {
  name: "stompx-2020",
  events: {
    created: ["message.created"],
    updated: ["message.updated"],
    deleted: ["message.deleted"],
  },
  topic: "/topic/v1/threads/{thread}.messages",
  action: "/application/v1/threads/{thread}.message",
  historyRelay: "/application/v1/threads/{thread}.messages.relay",
  errorQueue: "/user/queue/v1/errors",
  receiptEcho: "resource",
  ack: "auto",
  publish: "server",
};

/**
 * `@chatkitty/core` 1.x: `thread.message.created` (and the channel names), the echo's `receipt-id`
 * header, `ack:client-individual`, `/application/v1/…` relays, errors on `/user/queue/v1/errors`.
 * Real servers hand out the thread's destinations as links (fetched with `threadRelay`); the
 * templates here are the fallback.
 */
export const stompx1Profile: ChatProfile = {
  name: "stompx-1",
  events: {
    created: ["thread.message.created", "channel.message.created"],
    updated: ["channel.message.updated"],
    deleted: ["channel.message.deleted"],
    typingStarted: ["thread.typing.started"],
    typingStopped: ["thread.typing.stopped"],
    keystrokes: ["thread.keystrokes.created"],
  },
  topic: "/topic/v1/threads/{thread}.messages",
  typingTopic: "/topic/v1/threads/{thread}.typing",
  action: "/application/v1/threads/{thread}.message",
  keystrokesAction: "/application/v1/threads/{thread}.keystrokes",
  historyRelay: "/application/v1/threads/{thread}.messages.relay",
  threadRelay: "/application/v1/threads/{thread}.relay",
  userRelay: "/application/v1/user.relay",
  errorQueue: "/user/queue/v1/errors",
  receiptEcho: "header",
  ack: "client-individual",
  publish: "server",
};

/**
 * `@chatkitty/core` 2.x: `channel.message.created` first, destinations without `/v1`
 * (`/application/user.relay`), errors on `/user/queue/errors`; otherwise as `stompx-1`.
 */
export const stompx2Profile: ChatProfile = {
  name: "stompx-2",
  events: {
    created: ["channel.message.created", "thread.message.created"],
    updated: ["channel.message.updated"],
    deleted: ["channel.message.deleted"],
    typingStarted: ["thread.typing.started"],
    typingStopped: ["thread.typing.stopped"],
    keystrokes: ["thread.keystrokes.created"],
  },
  topic: "/topic/threads/{thread}.messages",
  typingTopic: "/topic/threads/{thread}.typing",
  action: "/application/threads/{thread}.message",
  keystrokesAction: "/application/threads/{thread}.keystrokes",
  historyRelay: "/application/threads/{thread}.messages.relay",
  threadRelay: "/application/threads/{thread}.relay",
  userRelay: "/application/user.relay",
  errorQueue: "/user/queue/errors",
  receiptEcho: "header",
  ack: "client-individual",
  publish: "server",
};

/**
 * No chat server: a plain RabbitMQ / ActiveMQ / Spring simple broker. Each client publishes the
 * envelope itself to `/topic/chat.{thread}` (with a client-made `id` and its receipt in the
 * resource); history, if any, comes from the `loadHistory` option.
 */
export const brokerProfile: ChatProfile = {
  name: "broker",
  events: {
    created: ["message.created"],
    updated: ["message.updated"],
    deleted: ["message.deleted"],
  },
  topic: "/topic/chat.{thread}",
  action: "/topic/chat.{thread}",
  receiptEcho: "resource",
  ack: "auto",
  publish: "client",
  version: "v1",
};

/** The built-in profiles by name. */
export const chatProfiles: Readonly<Record<ChatProfileName, ChatProfile>> = {
  "stompx-2020": stompx2020Profile,
  "stompx-1": stompx1Profile,
  "stompx-2": stompx2Profile,
  broker: brokerProfile,
};

const templateKeys = [
  "topic",
  "typingTopic",
  "action",
  "keystrokesAction",
  "historyRelay",
  "threadRelay",
  "userRelay",
  "errorQueue",
] as const;

/**
 * A built-in profile by name, or your own profile object after checking it: a typo in a name or a
 * missing field is a `StompConfigError` at creation time, never a silent no-op on the wire.
 */
export function resolveChatProfile(profile: ChatProfileName | ChatProfile | undefined): ChatProfile {
  if (profile === undefined) return stompx2020Profile;
  if (typeof profile === "string") {
    const found = Object.hasOwn(chatProfiles, profile) ? chatProfiles[profile] : undefined;
    if (!found)
      throw new StompConfigError(
        DEV &&
          `Unknown chat profile "${profile}": use ${Object.keys(chatProfiles).join(", ")} or a profile object.`,
      );
    return found;
  }
  const fail = (what: string) => {
    throw new StompConfigError(DEV && `Chat profile "${String(profile?.name)}": ${what}.`);
  };
  if (!profile || typeof profile !== "object") fail("must be a name or an object");
  if (!Array.isArray(profile.events?.created) || profile.events.created.length === 0)
    fail("events.created needs at least one event type");
  for (const key of templateKeys) {
    const value = profile[key];
    if (value === undefined) continue;
    if (typeof value !== "string" || !value.startsWith("/") || /[\r\n\0]/.test(value))
      fail(`${key} must be a destination starting with "/" (no CR, LF or NUL)`);
  }
  if (!profile.topic) fail("topic is required");
  if (!profile.action) fail("action is required");
  if (!["header", "resource", "both"].includes(profile.receiptEcho))
    fail('receiptEcho must be "header", "resource" or "both"');
  if (!["auto", "client-individual"].includes(profile.ack)) fail('ack must be "auto" or "client-individual"');
  if (!["server", "client"].includes(profile.publish)) fail('publish must be "server" or "client"');
  return profile;
}

/**
 * Checks a thread id for use in destinations: non-empty, at most 200 characters, no `/`, `{`, `}`,
 * whitespace or control characters (which would change the destination or corrupt the frame).
 */
export function checkThreadId(thread: unknown): string {
  if (typeof thread !== "string" || thread === "" || thread.length > 200 || /[\s/{}\p{Cc}]/u.test(thread))
    throw new StompConfigError(
      DEV &&
        `Invalid chat thread id ${JSON.stringify(String(thread)).slice(0, 60)}: use a non-empty id without "/", braces, spaces or control characters.`,
    );
  return thread;
}

/** Fills `{thread}` in a destination template. */
export function fillTemplate(template: string, thread: string): string {
  return template.split("{thread}").join(thread);
}
