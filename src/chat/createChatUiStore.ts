/**
 * Shared view state of one `ChatThread.Root`, read by parts that sit apart in the tree (the list
 * writes whether the reader is at the newest message, the jump button reads it). A tiny external
 * store read with `useSyncExternalStore`; no React here.
 */
export interface ChatUiState {
  /** The reader is at (or within the threshold of) the newest message. */
  atEnd: boolean;
  /** Key of the newest message when the reader left the end: later messages count as unseen. */
  leftAtKey: string | undefined;
  /** Keys of messages whose long body the reader expanded ("Show more"); survives virtualization. */
  expanded: ReadonlySet<string>;
}

export interface ChatUiStore {
  getState(): ChatUiState;
  subscribe(listener: () => void): () => void;
  /** Reports the reader's position; `lastKey` is the newest message's key now. */
  setAtEnd(atEnd: boolean, lastKey: string | undefined): void;
  expand(key: string): void;
  /** Set by the message list: scrolls to the newest message and focuses it. */
  jumpToLatest: () => void;
}

export function createChatUiStore(): ChatUiStore {
  let state: ChatUiState = { atEnd: true, leftAtKey: undefined, expanded: new Set() };
  const listeners = new Set<() => void>();
  const set = (next: ChatUiState) => {
    state = next;
    for (const l of listeners) l();
  };
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setAtEnd(atEnd, lastKey) {
      if (atEnd === state.atEnd) return;
      set({ ...state, atEnd, leftAtKey: atEnd ? undefined : lastKey });
    },
    expand(key) {
      if (state.expanded.has(key)) return;
      set({ ...state, expanded: new Set(state.expanded).add(key) });
    },
    jumpToLatest: () => {},
  };
}
