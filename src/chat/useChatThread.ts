import {
  useCallback,
  useContext,
  useDebugValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { StompContext } from "stompkit";
import {
  type ChatHistoryPage,
  type ChatMessage,
  type ChatThreadOptions,
  type ChatThreadStore,
  createChatThreadStore,
} from "stompkit/chat/core";
import { DEV, StompConfigError } from "stompkit/core";
import type { ChatThreadResult } from "./ChatThreadContext";

/** Options of `useChatThread` (and the props `ChatThread.Root` / `ChatThread` pass to it). */
export type UseChatThreadOptions = ChatThreadOptions;

// Identity of the store: data only. A new inline `profile` object with the same content, or a new
// inline `loadHistory` function, must not re-create the store (and re-subscribe) on every render.
function storeKey(o: ChatThreadOptions): string {
  let resource: string;
  try {
    resource = JSON.stringify(o.resource ?? null);
  } catch {
    resource = String(o.resource); // circular: fall back to its identity-free string
  }
  return JSON.stringify([
    resource,
    o.maxLength ?? null,
    o.relayTimeout ?? null,
    o.thread,
    typeof o.profile === "object" ? o.profile : (o.profile ?? null),
    o.user ?? null,
    o.pageSize ?? null,
    o.window ?? null,
    o.holdLimit ?? null,
    o.sendTimeout ?? null,
    typeof o.loadHistory === "function",
  ]);
}

/**
 * A chat thread for headless use: the thread store (`createChatThreadStore` from `stompkit/core`) is
 * created once per thread/profile, mounted while the component is (subscribe, first page, gap-fill
 * after reconnects) and read with `useSyncExternalStore`. Uses the session of the nearest
 * `StompProvider`.
 *
 * @example
 * const { messages, status, send, hasOlder, loadOlder } = useChatThread({ thread: "1" })
 * @see ChatThread for the ready-made component.
 */
export function useChatThread(options: UseChatThreadOptions): ChatThreadResult {
  // The provider's session as it is (not `useStompSession()`): the thread store sends through the
  // outbox, attached on first use, so a chat app does not bundle transactions.
  const session = useContext(StompContext);
  if (!session) throw new StompConfigError(DEV && "useChatThread needs a <StompProvider> above it");
  const key = storeKey(options);

  // `loadHistory` goes through a ref updated in an effect: the latest function is called, and a new
  // inline function is not a new store.
  const loadHistoryRef = useRef(options.loadHistory);
  useEffect(() => {
    loadHistoryRef.current = options.loadHistory;
  });

  const create = (): { key: string; session: typeof session; store: ChatThreadStore } => {
    const { loadHistory, ...rest } = options;
    const stable = loadHistory
      ? (before: ChatMessage | undefined): Promise<ChatHistoryPage> =>
          (loadHistoryRef.current ?? loadHistory)(before)
      : undefined;
    return { key, session, store: createChatThreadStore(session, { ...rest, loadHistory: stable }) };
  };
  const [entry, setEntry] = useState(create);
  let current = entry;
  if (entry.key !== key || entry.session !== session) {
    // Derived state: a new thread/profile makes a new store during this render (creating one is
    // pure; `mount()` in the effect below starts it), so this render already reads the new thread.
    current = create();
    setEntry(current);
  }
  const store = current.store;

  useEffect(() => store.mount(), [store]);

  const state = useSyncExternalStore(store.store.subscribe, store.store.getState, store.store.getState);

  const send = useCallback((text: string) => store.send(text), [store]);
  const retry = useCallback((id: string) => store.retry(id), [store]);
  const loadOlder = useCallback(() => store.loadOlder(), [store]);
  const keystrokes = useCallback((text: string) => store.keystrokes(text), [store]);
  const holdWindow = useCallback(() => store.holdWindow(), [store]);

  const result = useMemo(
    () => ({ ...state, send, retry, loadOlder, keystrokes, holdWindow }),
    [state, send, retry, loadOlder, keystrokes, holdWindow],
  );
  useDebugValue(state.status);
  return result;
}
