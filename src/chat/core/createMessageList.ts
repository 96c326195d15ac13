import type { ChatMessage } from "./types";

/** Thread order: `createdAt`, then `id` (code-unit order), so every client sorts alike. */
export function compareMessages(a: ChatMessage, b: ChatMessage): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The thread's messages, kept sorted and unique by `id`, with O(1) lookups by id and by client id.
 * Writes go to a private copy that `commit()` hands out, so a page of 25 messages costs one array
 * copy and the store's snapshot only changes when something did.
 */
export function createMessageList() {
  let items: ChatMessage[] = [];
  let dirty = false;
  const byId = new Map<string, ChatMessage>();
  const byClient = new Map<string, ChatMessage>();

  const writable = () => {
    if (!dirty) {
      items = items.slice();
      dirty = true;
    }
    return items;
  };

  /** First index whose message sorts at or after `m`. */
  const lowerBound = (m: ChatMessage) => {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareMessages(items[mid]!, m) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const index = (m: ChatMessage) => {
    byId.set(m.id, m);
    if (m.clientId !== undefined) byClient.set(m.clientId, m);
  };
  const unindex = (m: ChatMessage) => {
    if (byId.get(m.id) === m) byId.delete(m.id);
    if (m.clientId !== undefined && byClient.get(m.clientId) === m) byClient.delete(m.clientId);
  };

  const removeItem = (m: ChatMessage) => {
    const i = lowerBound(m);
    if (items[i] !== m) return false;
    writable().splice(i, 1);
    unindex(m);
    return true;
  };

  const insertItem = (m: ChatMessage) => {
    const i = lowerBound(m);
    writable().splice(i, 0, m);
    index(m);
  };

  return {
    get size() {
      return items.length;
    },
    get: (id: string) => byId.get(id),
    getByClientId: (clientId: string) => byClient.get(clientId),
    /** Adds a message unless its id is already there; returns whether it was added. */
    add(m: ChatMessage): boolean {
      if (byId.has(m.id)) return false;
      insertItem(m);
      return true;
    },
    /** Replaces `current` (which must be in the list) with `next`, re-sorting if its time or id changed. */
    replace(current: ChatMessage, next: ChatMessage): void {
      if (!removeItem(current)) return;
      const clash = byId.get(next.id);
      if (clash) removeItem(clash); // the same message already came another way (a page): keep one
      insertItem(next);
    },
    remove(id: string): boolean {
      const m = byId.get(id);
      return m ? removeItem(m) : false;
    },
    /** Messages oldest first (the live array: do not mutate). */
    all: (): readonly ChatMessage[] => items,
    /**
     * Drops the oldest messages beyond `limit`, skipping those `keep` says to keep (sends in flight).
     * Returns how many were dropped.
     */
    trim(limit: number, keep: (m: ChatMessage) => boolean): number {
      let excess = items.length - limit;
      if (excess <= 0) return 0;
      const list = writable();
      let write = 0;
      let read = 0;
      for (; read < list.length && excess > 0; read++) {
        const m = list[read]!;
        if (keep(m)) list[write++] = m;
        else {
          unindex(m);
          excess--;
        }
      }
      const dropped = read - write;
      if (dropped > 0) list.splice(write, dropped); // in place: at index 0, V8 trims the front cheaply
      return dropped;
    },
    /** The array to publish when something changed since the last commit, else `undefined`. */
    commit(): readonly ChatMessage[] | undefined {
      if (!dirty) return undefined;
      dirty = false;
      return items;
    },
  };
}

/** The sorted, deduplicated message list of one thread store (internal). */
export type MessageList = ReturnType<typeof createMessageList>;
