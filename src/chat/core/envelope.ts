import { safeJsonParse } from "stompkit/core";
import type { ChatProfile } from "./types";

/** A StompX event as it arrives in a MESSAGE body: `{"type":"message.created","version":"v1","resource":{…}}`. */
export interface ChatEnvelope {
  type: string;
  version: string | undefined;
  /** The untrusted payload (a message, a page, a user, keystrokes…). */
  resource: unknown;
}

/** What an envelope means for a thread, per the profile's event names. */
export type ChatEventKind =
  | "created"
  | "updated"
  | "deleted"
  | "typingStarted"
  | "typingStopped"
  | "keystrokes";

const kinds: readonly ChatEventKind[] = [
  "created",
  "updated",
  "deleted",
  "typingStarted",
  "typingStopped",
  "keystrokes",
];

/**
 * Reads a StompX envelope from a MESSAGE body (text, or an already parsed value) without throwing:
 * invalid JSON, a non-object, a missing or non-string `type` give `undefined`. Parsing drops
 * `__proto__` keys (`safeJsonParse`), so the resource is safe to spread.
 *
 * @example parseEnvelope('{"type":"message.created","version":"v1","resource":{"body":"hi"}}')
 */
export function parseEnvelope(input: unknown): ChatEnvelope | undefined {
  let value = input;
  if (typeof input === "string") {
    try {
      value = safeJsonParse(input);
    } catch {
      return undefined;
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.type !== "string" || record.type === "") return undefined;
  return {
    type: record.type,
    version: typeof record.version === "string" ? record.version : undefined,
    resource: record.resource,
  };
}

/**
 * The kind of an envelope `type` for this profile, or `undefined` for a type the profile does not
 * know. Unknown types are ignored by the thread store (with a debug line), never an error: servers
 * add event types over time.
 */
export function classifyEvent(profile: ChatProfile, type: string): ChatEventKind | undefined {
  for (const kind of kinds) {
    if (profile.events[kind]?.includes(type)) return kind;
  }
  return undefined;
}
