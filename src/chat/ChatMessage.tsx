import { forwardRef, type HTMLAttributes, type ReactNode, useCallback, useContext, useId } from "react";
import type { ChatMessage as ChatMessageData } from "stompkit/chat/core";
import { ChatMessageBody } from "./ChatMessageBody";
import { ChatSetSizeContext, useChatRow } from "./ChatRowContext";
import { useChatView } from "./ChatThreadContext";
import { authorName, messageKey } from "./messageLayout";

/** Props of `ChatThread.Message`. */
export interface ChatMessageProps extends Omit<HTMLAttributes<HTMLElement>, "children"> {
  message: ChatMessageData;
  /** Replaces the default content (author, time, body, status, Retry); the `article` stays. */
  children?: ReactNode;
}

const statusText: Record<ChatMessageData["status"], string> = {
  pending: "Sending…",
  sent: "Sent",
  confirmed: "Delivered",
  failed: "Not sent",
};

/**
 * One message: an `<article>` named by its author and text, with `aria-posinset`/`aria-setsize`,
 * `data-message-id` (the server id; the client id while pending), `data-status`
 * (`pending|sent|confirmed|failed`), `data-mine` and `data-grouped`. A failed message of the current
 * user has a "Retry" button. Rendered by `ChatThread.MessageList`, or by your `renderMessage`.
 *
 * @example
 * <ChatThread.MessageList renderMessage={(m) => <ChatThread.Message message={m} className="bubble" />} />
 */
export const ChatMessage = /* @__PURE__ */ forwardRef<HTMLElement, ChatMessageProps>(
  function ChatMessage(props, ref) {
    const { message, children, ...rest } = props;
    const { retry, formatTime } = useChatView("ChatThread.Message");
    const row = useChatRow();
    const setsize = useContext(ChatSetSizeContext);
    const id = useId();
    const key = messageKey(message);
    const register = row?.register;
    const setRef = useCallback(
      (el: HTMLElement | null) => {
        register?.(key, el);
        if (typeof ref === "function") ref(el);
        else if (ref) ref.current = el;
      },
      [register, key, ref],
    );
    const startsGroup = row?.startsGroup ?? true;
    const status = message.mine ? message.status : "confirmed";
    const time = Number.isFinite(message.createdAt) ? new Date(message.createdAt).toISOString() : undefined;
    return (
      <article
        tabIndex={-1}
        aria-labelledby={`${id}-author ${id}-body`}
        aria-describedby={message.mine ? `${id}-status` : undefined}
        aria-posinset={row?.posinset}
        aria-setsize={row ? setsize : undefined}
        data-message-id={message.id}
        data-status={status}
        data-mine={message.mine ? "" : undefined}
        data-grouped={startsGroup ? undefined : ""}
        {...rest}
        ref={setRef}
      >
        {/* Hidden (not removed) in a group: aria-labelledby still reads it, so every article is named. */}
        <header data-part="header" hidden={!startsGroup}>
          <bdi id={`${id}-author`} data-part="author">
            {authorName(message)}
          </bdi>{" "}
          {time ? (
            <time data-part="time" dateTime={time}>
              {formatTime(message.createdAt)}
            </time>
          ) : null}
        </header>
        {children ?? (
          <>
            <ChatMessageBody message={message} id={`${id}-body`} />
            {message.mine ? (
              <span id={`${id}-status`} data-part="status">
                {statusText[message.status]}
              </span>
            ) : null}
            {message.mine && message.status === "failed" ? (
              <button type="button" data-part="retry" onClick={() => void retry(message.id).catch(() => {})}>
                Retry
              </button>
            ) : null}
          </>
        )}
      </article>
    );
  },
);
