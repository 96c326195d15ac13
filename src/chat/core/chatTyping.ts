import { debugLog, outboxOf, type StompSessionBase } from "stompkit/core";
import type { ChatEventKind } from "./envelope";

/** A typing indicator lasts this long without news (a lost `typing.stopped` must not stick). */
export const TYPING_TTL_MS = 6000;
/** The keystrokes debounce (as `@chatkitty/core`'s `sendKeystrokes`). */
export const KEYSTROKES_DEBOUNCE_MS = 150;

const nameOf = (resource: unknown): string | undefined => {
  if (!resource || typeof resource !== "object") return undefined;
  const r = resource as Record<string, unknown>;
  const user = r.user && typeof r.user === "object" ? (r.user as Record<string, unknown>) : undefined;
  const name = r.username ?? r.name ?? user?.name;
  return typeof name === "string" && name !== "" ? name.slice(0, 200) : undefined;
};

/**
 * Who else is typing, from the profile's typing events (`typing.started` / `typing.stopped` with a
 * User, `keystrokes.created` with `{ username, keys }`), each name expiring after `TYPING_TTL_MS`;
 * and our own keystrokes, debounced 150 ms, SENT to the keystrokes action (no receipt, only while
 * connected: a stale "typing" is worth nothing after a reconnect).
 */
export function createChatTyping(ctx: {
  session: StompSessionBase;
  user(): string | undefined;
  onChange(names: readonly string[]): void;
}) {
  const clock = ctx.session.clock;
  const expiries = new Map<string, unknown>();
  let debounce: unknown;
  let debounceArmed = false;

  const publish = () => ctx.onChange([...expiries.keys()]);
  const stop = (name: string) => {
    if (!expiries.has(name)) return false;
    clock.clearTimeout(expiries.get(name));
    expiries.delete(name);
    return true;
  };
  const start = (name: string) => {
    const known = stop(name);
    expiries.set(
      name,
      clock.setTimeout(() => {
        expiries.delete(name);
        publish();
      }, TYPING_TTL_MS),
    );
    return !known;
  };

  return {
    /** Applies one typing event; returns whether it was one. */
    handle(kind: ChatEventKind, resource: unknown): boolean {
      if (kind !== "typingStarted" && kind !== "typingStopped" && kind !== "keystrokes") return false;
      const name = nameOf(resource);
      if (!name || name === ctx.user()) return true;
      const keys = (resource as Record<string, unknown>).keys;
      const stopping = kind === "typingStopped" || (kind === "keystrokes" && keys === "");
      const changed = stopping ? stop(name) : start(name);
      if (changed) publish();
      return true;
    },
    /** Debounced SEND of `{ keys: text }` to `destination` (no-op without one). */
    keystrokes(destination: string | undefined, text: string) {
      if (!destination || typeof text !== "string") return;
      if (debounceArmed) clock.clearTimeout(debounce);
      debounceArmed = true;
      debounce = clock.setTimeout(() => {
        debounceArmed = false;
        if (!ctx.session.connected) return;
        outboxOf(ctx.session)
          .send(destination, { keys: text.slice(0, 2000) })
          .catch((error) => {
            debugLog(ctx.session, `chat keystrokes not sent: ${String(error)}`);
          });
      }, KEYSTROKES_DEBOUNCE_MS);
    },
    /** Forgets everyone (the connection dropped: their typing state is unknown now). */
    clear() {
      if (expiries.size === 0) return;
      for (const name of [...expiries.keys()]) stop(name);
      publish();
    },
    dispose() {
      for (const name of [...expiries.keys()]) stop(name);
      if (debounceArmed) clock.clearTimeout(debounce);
      debounceArmed = false;
    },
  };
}
