import { forwardRef, type HTMLAttributes, useEffect, useMemo, useRef, useState } from "react";
import { ChatAnnouncer } from "./ChatAnnouncer";
import { ChatContext, type ChatThreadResult, ChatViewContext, type ChatViewValue } from "./ChatThreadContext";
import { createChatUiStore } from "./createChatUiStore";
import { type UseChatThreadOptions, useChatThread } from "./useChatThread";

interface RootOwnProps {
  /** BCP 47 locale for dates and times. @default the browser's */
  locale?: string;
  /** Messages of one author closer than this (ms) form one group. @default 300000 (5 min) */
  groupGap?: number;
  /** Bodies longer than this many characters are cut behind "Show more". @default 2000 */
  maxBodyLength?: number;
  /** Announce others' new messages and alerts through live regions. @default true */
  announce?: boolean;
}

type DivProps = Omit<HTMLAttributes<HTMLElement>, "children"> & { children?: React.ReactNode };

/** Props of `ChatThread.Root`: the thread options, or an existing `chat` from `useChatThread`. */
export type ChatThreadRootProps = RootOwnProps &
  DivProps &
  ((UseChatThreadOptions & { chat?: never }) | { chat: ChatThreadResult; thread?: never });

/**
 * The container of a chat thread: owns the thread (through `useChatThread`, or the `chat` you pass),
 * the announcer and the view state the parts share. Renders one `section` with `data-status`, a labelled
 * region landmark (`aria-label="Chat"` unless you pass your own `aria-label`/`aria-labelledby`).
 *
 * @example
 * <ChatThread.Root thread="1">
 *   <ChatThread.MessageList />
 *   <ChatThread.Composer />
 * </ChatThread.Root>
 */
export const ChatRoot = forwardRef<HTMLElement, ChatThreadRootProps>(function ChatRoot(props, ref) {
  if ("chat" in props && props.chat) return <RootView {...props} chat={props.chat} ref={ref} />;
  return <RootWithThread {...(props as RootOwnProps & DivProps & UseChatThreadOptions)} ref={ref} />;
});

const RootWithThread = forwardRef<HTMLElement, RootOwnProps & DivProps & UseChatThreadOptions>(
  function RootWithThread(props, ref) {
    const { thread, profile, user, pageSize, window, sendTimeout, loadHistory, resource, ...more } = props;
    const { maxLength, relayTimeout, ...rest } = more;
    const chat = useChatThread({
      thread,
      profile,
      user,
      pageSize,
      window,
      sendTimeout,
      loadHistory,
      resource,
      maxLength,
      relayTimeout,
    });
    return <RootView {...rest} chat={chat} ref={ref} />;
  },
);

const RootView = forwardRef<HTMLElement, RootOwnProps & DivProps & { chat: ChatThreadResult }>(
  function RootView(props, ref) {
    const {
      chat,
      locale,
      groupGap = 300_000,
      maxBodyLength = 2000,
      announce = true,
      children,
      ...rest
    } = props;
    const [ui] = useState(createChatUiStore);
    const composerInput = useRef<HTMLTextAreaElement | null>(null);
    const latestRetry = useRef(chat.retry);
    useEffect(() => {
      latestRetry.current = chat.retry;
    });
    const view = useMemo<ChatViewValue>(() => {
      const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
      const time = new Intl.DateTimeFormat(locale, { timeStyle: "short" });
      const safe = (f: Intl.DateTimeFormat) => (ms: number) => (Number.isFinite(ms) ? f.format(ms) : "");
      return {
        ui,
        composerInput,
        groupGap,
        maxBodyLength,
        formatDay: safe(day),
        formatTime: safe(time),
        retry: (id) => latestRetry.current(id),
      };
    }, [ui, locale, groupGap, maxBodyLength]);
    return (
      <ChatContext.Provider value={chat}>
        <ChatViewContext.Provider value={view}>
          <section aria-label="Chat" data-stompkit-chat="" data-status={chat.status} {...rest} ref={ref}>
            {children}
            {announce ? <ChatAnnouncer /> : null}
          </section>
        </ChatViewContext.Provider>
      </ChatContext.Provider>
    );
  },
);
