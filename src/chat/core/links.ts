import { fillTemplate } from "./profiles";
import type { ChatProfile } from "./types";

/** The destinations one thread uses, after links and templates are resolved. */
export interface ChatThreadDestinations {
  topic: string;
  typingTopic: string | undefined;
  keystrokesTopic: string | undefined;
  action: string;
  keystrokesAction: string | undefined;
  historyRelay: string | undefined;
}

/** The hypermedia link groups a StompX resource can carry. */
export type LinkGroup = "_topics" | "_actions" | "_relays" | "_streams";

/**
 * A hypermedia link from an untrusted resource (`resource._relays.next`, `resource._topics.messages`):
 * only a string that is a destination (starts with `/`, no CR, LF or NUL, at most 1000 chars) counts;
 * anything else is `undefined`.
 */
export function readLink(resource: unknown, group: LinkGroup, name: string): string | undefined {
  if (!resource || typeof resource !== "object") return undefined;
  const links = (resource as Record<string, unknown>)[group];
  if (!links || typeof links !== "object" || !Object.hasOwn(links, name)) return undefined;
  const value = (links as Record<string, unknown>)[name];
  if (typeof value !== "string" || !value.startsWith("/") || value.length > 1000 || /[\r\n\0]/.test(value))
    return undefined;
  return value;
}

/**
 * The thread's destinations: a link in the thread resource (`_topics.messages`, `_topics.typing`,
 * `_topics.keystrokes`, `_actions.message`, `_actions.keystrokes`, `_relays.messages`) wins over
 * the profile's template, which is the fallback. Literal destinations changed twice in six years of
 * StompX; links did not.
 */
export function resolveThreadDestinations(
  profile: ChatProfile,
  thread: string,
  resource?: unknown,
): ChatThreadDestinations {
  const template = (t: string | undefined) => (t === undefined ? undefined : fillTemplate(t, thread));
  const typingTopic = readLink(resource, "_topics", "typing") ?? template(profile.typingTopic);
  const keystrokesTopic = readLink(resource, "_topics", "keystrokes");
  return {
    topic: readLink(resource, "_topics", "messages") ?? fillTemplate(profile.topic, thread),
    typingTopic,
    // One subscription when both kinds of typing event share a topic (the templates' case).
    keystrokesTopic: keystrokesTopic === typingTopic ? undefined : keystrokesTopic,
    action: readLink(resource, "_actions", "message") ?? fillTemplate(profile.action, thread),
    keystrokesAction: readLink(resource, "_actions", "keystrokes") ?? template(profile.keystrokesAction),
    historyRelay: readLink(resource, "_relays", "messages") ?? template(profile.historyRelay),
  };
}
