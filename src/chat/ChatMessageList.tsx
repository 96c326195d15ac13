import {
  forwardRef,
  type HTMLAttributes,
  type ReactNode,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import type { ChatMessage as ChatMessageData } from "stompkit/chat/core";
import { ChatRow } from "./ChatRow";
import { ChatSetSizeContext } from "./ChatRowContext";
import { useChatContext } from "./ChatThreadContext";
import { messageKey, messageLayout } from "./messageLayout";
import { useFeedBase } from "./useFeedBase";
import { useFeedKeyboard } from "./useFeedKeyboard";
import { useMessageWindow } from "./useMessageWindow";
import { useThreadRowsApi } from "./useThreadRowsApi";
import { type RowsApi, VirtualRows } from "./VirtualRows";

/** Props of `ChatThread.MessageList`. */
export interface ChatMessageListProps extends Omit<HTMLAttributes<HTMLDivElement>, "children"> {
  /** Renders one message; default `<ChatThread.Message message={message} />`. */
  renderMessage?: (message: ChatMessageData, info: { index: number }) => ReactNode;
  /** Messages rendered where there is no layout (jsdom, SSR, a hidden tab): the newest N. @default 30 */
  initialItemCount?: number;
  /** Estimated row height in px before a row is measured. @default 72 */
  estimateSize?: number;
  /** Rows rendered beyond the viewport on each side. @default 6 */
  overscan?: number;
  /** How close to the end (px) still counts as "at the newest" (followed on append). @default 48 */
  scrollEndThreshold?: number;
}

const useIsomorphicLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;
// `true` while rendering on the server and while hydrating its HTML, `false` in a client render.
const subscribeNothing = () => () => {};
const useServerOrHydrating = () =>
  useSyncExternalStore(
    subscribeNothing,
    () => false,
    () => true,
  );
// The virtualizer holds the newest WINDOW messages, and WINDOW_STEP more each time the reader reaches
// its top (see useMessageWindow).
const WINDOW = 200;
const WINDOW_STEP = 100;
const reducedMotion = () =>
  typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;

/**
 * The messages as an APG feed: a focusable scroller with `role="feed"` (`aria-busy` while the first
 * page or older messages load) holding one `<article>` per message; an empty thread that is not
 * loading is a `role="group"` of the same name (a feed must own articles). Virtualized once the scroller has a size;
 * without layout it renders the newest `initialItemCount` messages. ↑/↓ and PageUp/PageDown move
 * between messages, Home/End go to the oldest loaded/newest, Esc goes to the composer.
 */
export const ChatMessageList = /* @__PURE__ */ forwardRef<HTMLDivElement, ChatMessageListProps>(
  function ChatMessageList(props, ref) {
    const {
      renderMessage,
      initialItemCount = 30,
      estimateSize = 72,
      overscan = 6,
      scrollEndThreshold = 48,
      style,
      onKeyDown,
      onFocus,
      onScroll,
      ...rest
    } = props;
    const { chat, ui, composerInput, groupGap } = useChatContext("ChatThread.MessageList");
    const { messages, hasOlder } = chat;
    const scroller = useRef<HTMLDivElement | null>(null);
    // The virtual rows' handle (window indexes), and the keyboard's (thread indexes) on top of it.
    const rowsApi = useRef<RowsApi | null>(null);
    // The scroller's size once it has layout (then the rows are virtualized); "none" when it was
    // measured without layout (jsdom, a hidden tab); `undefined` before the first measurement.
    const [rect, setRect] = useState<{ width: number; height: number } | "none" | undefined>(undefined);
    const virtual = typeof rect === "object";
    // Static rows are the server's HTML (and what hydration must match) and the fallback without
    // layout. A client render waits for the measurement (in a layout effect, before the browser
    // paints) instead of rendering static rows only to replace them with virtual ones.
    const serverOrHydrating = useServerOrHydrating();
    const rows = virtual ? "virtual" : rect === "none" || serverOrHydrating ? "static" : "none";

    const setRef = useCallback(
      (el: HTMLDivElement | null) => {
        scroller.current = el;
        if (typeof ref === "function") ref(el);
        else if (ref) ref.current = el;
      },
      [ref],
    );

    // Virtualize only with real layout; jsdom and SSR keep the static newest rows.
    useIsomorphicLayoutEffect(() => {
      const el = scroller.current;
      if (!el) return;
      const measure = () => {
        const laidOut = el.clientHeight > 0;
        // Once virtualized, a scroller hidden later keeps its virtual rows.
        setRect((prev) =>
          laidOut
            ? { width: el.clientWidth, height: el.clientHeight }
            : typeof prev === "object"
              ? prev
              : "none",
        );
        return laidOut;
      };
      if (measure()) return;
      if (typeof ResizeObserver === "undefined") return;
      const ro = new ResizeObserver(measure);
      ro.observe(el);
      return () => ro.disconnect();
    }, []);

    // A reader away from the newest message holds the store's window: live messages do not drop
    // the one being read (the store trims back once the reader returns).
    const { holdWindow } = chat;
    useEffect(() => {
      if (!holdWindow) return;
      let release: (() => void) | undefined;
      const sync = () => {
        const away = !ui.getState().atEnd;
        if (away && !release) release = holdWindow();
        else if (!away && release) {
          release();
          release = undefined;
        }
      };
      sync();
      const unsubscribe = ui.subscribe(sync);
      return () => {
        unsubscribe();
        release?.();
      };
    }, [ui, holdWindow]);

    const win = useMessageWindow(chat, ui, virtual, WINDOW, WINDOW_STEP);
    const api = useThreadRowsApi(rowsApi, win, messages);
    const first = virtual ? 0 : Math.max(0, messages.length - initialItemCount);
    const keyboard = useFeedKeyboard({ chat, first, api, composerInput, onKeyDown, onFocus });

    // "Jump to latest" (ChatThread.JumpToLatest calls `ui.jumpToLatest()`): registered with the UI
    // store once per mount, unregistered on unmount, so no jump reaches a list that is gone. What it
    // reads of the latest commit (the messages, the keyboard's focus) sits in a ref that a layout
    // effect keeps current: never written during render, never written into the store.
    const jump = useRef(() => {});
    useIsomorphicLayoutEffect(() => {
      jump.current = () => {
        if (rowsApi.current) rowsApi.current.scrollToEnd(!reducedMotion());
        else if (scroller.current) scroller.current.scrollTop = scroller.current.scrollHeight;
        keyboard.focusIndex(messages.length - 1, false);
      };
    });
    useEffect(() => ui.registerJump(() => jump.current()), [ui]);

    // Static rows: stay at the end while the reader is there.
    const lastKey =
      messages.length > 0 ? messageKey(messages[messages.length - 1] as ChatMessageData) : undefined;
    useIsomorphicLayoutEffect(() => {
      const el = scroller.current;
      if (!virtual && el && ui.getState().atEnd) el.scrollTop = el.scrollHeight;
    }, [virtual, lastKey, ui]);

    const setsize = hasOlder ? -1 : messages.length;
    const base = useFeedBase(messages, hasOlder);
    // Busy while articles are on their way: an older page, or the first page of the thread.
    const busy = chat.loadingOlder || chat.status === "connecting" || chat.status === "idle";
    const renderRow = (index: number) => {
      const layout = messageLayout(messages, index, groupGap);
      return (
        <ChatRow
          message={messages[index] as ChatMessageData}
          index={index}
          position={base + index + 1}
          startsGroup={layout.startsGroup}
          startsDay={layout.startsDay}
          register={keyboard.register}
          renderMessage={renderMessage}
        />
      );
    };

    return (
      // biome-ignore lint/a11y/noStaticElementInteractions: the role is computed ("feed", or "group" while empty)
      // biome-ignore lint/a11y/useAriaPropsSupportedByRole: both roles take aria-label (and feed aria-busy)
      <div
        // A feed must own articles (axe aria-required-children): an empty thread that is not loading is
        // a plain labelled group, until its first message. The scroller is focusable (keyboard scrolling).
        role={messages.length > 0 || busy ? "feed" : "group"}
        tabIndex={0}
        aria-label="Messages"
        aria-busy={busy}
        data-part="message-list"
        data-virtualized={virtual ? "" : undefined}
        {...rest}
        ref={setRef}
        style={{
          overflowY: "auto",
          overflowAnchor: "none",
          position: "relative",
          maxHeight: "100vh",
          ...style,
        }}
        onKeyDown={keyboard.onKeyDown}
        onFocus={keyboard.onFocus}
        onScroll={(e) => {
          onScroll?.(e);
          if (virtual) return;
          const el = e.currentTarget;
          ui.setAtEnd(el.scrollHeight - el.scrollTop - el.clientHeight <= scrollEndThreshold, lastKey);
        }}
      >
        <ChatSetSizeContext.Provider value={setsize}>
          {virtual ? (
            <VirtualRows
              scroller={scroller}
              rect={rect}
              chat={win.chat}
              ui={ui}
              renderRow={(index) => renderRow(win.offset + index)}
              focusedIndex={keyboard.focusedIndex - win.offset}
              estimateSize={estimateSize}
              overscan={overscan}
              threshold={scrollEndThreshold}
              api={rowsApi}
            />
          ) : rows === "none" ? null : (
            messages.slice(first).map((m, i) => (
              <div key={messageKey(m)} data-index={first + i}>
                {renderRow(first + i)}
              </div>
            ))
          )}
        </ChatSetSizeContext.Provider>
      </div>
    );
  },
);
