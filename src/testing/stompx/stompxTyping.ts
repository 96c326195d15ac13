import type { ChatProfile } from "stompkit/chat/core";
import { envelope } from "./stompxResources";

/**
 * The server side of typing: each keystrokes action fans out a `keystrokes` event, the first one a
 * `typing.started`, and `typingTimeout` after the last one (or at once for empty keys, or when the
 * user sends a message) a `typing.stopped`. Clients never send typing start/stop themselves.
 */
export function createTypingFanout(
  profile: ChatProfile,
  fanOut: (destination: string, body: string) => void,
  typingTimeout: number,
) {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const { typingStarted, typingStopped, keystrokes } = profile.events;
  return {
    set(topic: string | undefined, key: string, user: string, keys: string): void {
      if (!topic) return;
      const stop = () => {
        clearTimeout(timers.get(key));
        if (timers.delete(key) && typingStopped?.[0])
          fanOut(topic, envelope(typingStopped[0], { type: "PERSON", name: user }));
      };
      if (keys === "") {
        stop();
        return;
      }
      if (!timers.has(key) && typingStarted?.[0])
        fanOut(topic, envelope(typingStarted[0], { type: "PERSON", name: user }));
      clearTimeout(timers.get(key));
      timers.set(key, setTimeout(stop, typingTimeout));
      if (keystrokes?.[0]) fanOut(topic, envelope(keystrokes[0], { username: user, keys }));
    },
    dispose(): void {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
