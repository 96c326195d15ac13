import { forwardRef, type HTMLAttributes, useEffect, useMemo, useRef, useState } from "react";
import { ChatAnnouncer } from "./ChatAnnouncer";
import { ChatContext, type ChatThreadResult, ChatViewContext, type ChatViewValue } from "./ChatThreadContext";
import { createChatUiStore } from "./createChatUiStore";
import { dateFormatter, warmDateFormats } from "./dateFormats";
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
export const ChatRoot = /* @__PURE__ */ forwardRef<HTMLElement, ChatThreadRootProps>(
  function ChatRoot(props, ref) {
    if ("chat" in props && props.chat) return <RootView {...props} chat={props.chat} ref={ref} />;
    return <RootWithThread {...(props as RootOwnProps & DivProps & UseChatThreadOptions)} ref={ref} />;
  },
);

const RootWithThread = /* @__PURE__ */ forwardRef<
  HTMLElement,
  RootOwnProps & DivProps & UseChatThreadOptions
>(function RootWithThread(props, ref) {
  const { thread, profile, user, pageSize, window, sendTimeout, loadHistory, resource, ...more } = props;
  const { maxLength, relayTimeout, holdLimit, ...rest } = more;
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
    holdLimit,
  });
  return <RootView {...rest} chat={chat} ref={ref} />;
});

const RootView = /* @__PURE__ */ forwardRef<
  HTMLElement,
  RootOwnProps & DivProps & { chat: ChatThreadResult }
>(function RootView(props, ref) {
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
    return {
      ui,
      composerInput,
      groupGap,
      maxBodyLength,
      formatDay: dateFormatter(locale, "dateStyle"),
      formatTime: dateFormatter(locale, "timeStyle"),
      retry: (id) => latestRetry.current(id),
    };
  }, [ui, locale, groupGap, maxBodyLength]);
  // A thread with no messages yet (connecting, first page on its way) makes its locale's formatters
  // in that wait, not in the frame that shows the first page (see dateFormats.ts).
  const empty = chat.messages.length === 0;
  useEffect(() => {
    if (!empty) return;
    const timer = setTimeout(() => warmDateFormats(locale), 0);
    return () => clearTimeout(timer);
  }, [locale, empty]);
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
});
