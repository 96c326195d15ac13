import { createStore, type StoreApi } from "zustand/vanilla";

/**
 * Shared view state of one `ChatThread.Root`, read by parts that sit apart in the tree (the list
 * writes whether the reader is at the newest message, the jump button reads it). A `zustand/vanilla`
 * store like the core's (read it with zustand's `useStore`); no React here.
 */
export interface ChatUiState {
  /** The reader is at (or within the threshold of) the newest message. */
  atEnd: boolean;
  /** Key of the newest message when the reader left the end: later messages count as unseen. */
  leftAtKey: string | undefined;
  /** Keys of messages whose long body the reader expanded ("Show more"); survives virtualization. */
  expanded: ReadonlySet<string>;
}

/**
 * The UI store: read-only to its readers (no `setState`), changed only through its actions.
 * @internal
 */
export interface ChatUiStore
  extends Pick<StoreApi<ChatUiState>, "getState" | "getInitialState" | "subscribe"> {
  /** Reports the reader's position; `lastKey` is the newest message's key now. */
  setAtEnd(atEnd: boolean, lastKey: string | undefined): void;
  expand(key: string): void;
  /** Scrolls to the newest message and focuses it, through the mounted list; a no-op without one. */
  jumpToLatest(): void;
  /**
   * The message list registers how it jumps while it is mounted (an effect); the returned function
   * unregisters it, and removes only that registration (a list mounted in its place keeps its own).
   */
  registerJump(jump: () => void): () => void;
}

export function createChatUiStore(): ChatUiStore {
  const store = createStore<ChatUiState>(() => ({
    atEnd: true,
    leftAtKey: undefined,
    expanded: new Set<string>(),
  }));
  // An action of the mounted list, not view state: kept out of the store's state so registering it
  // notifies nobody.
  let jump: (() => void) | undefined;
  return {
    getState: store.getState,
    getInitialState: store.getInitialState,
    subscribe: store.subscribe,
    setAtEnd(atEnd, lastKey) {
      if (atEnd === store.getState().atEnd) return;
      store.setState({ atEnd, leftAtKey: atEnd ? undefined : lastKey });
    },
    expand(key) {
      const { expanded } = store.getState();
      if (expanded.has(key)) return;
      store.setState({ expanded: new Set(expanded).add(key) });
    },
    jumpToLatest: () => jump?.(),
    registerJump(next) {
      jump = next;
      return () => {
        if (jump === next) jump = undefined;
      };
    },
  };
}
