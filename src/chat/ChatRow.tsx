import { memo, type ReactNode, useMemo } from "react";
import type { ChatMessage as ChatMessageData } from "stompkit/core";
import { ChatMessage } from "./ChatMessage";
import { ChatRowContext } from "./ChatRowContext";
import { useChatView } from "./ChatThreadContext";

interface ChatRowProps {
  message: ChatMessageData;
  index: number;
  startsGroup: boolean;
  startsDay: boolean;
  register: (key: string, el: HTMLElement | null) => void;
  renderMessage?: (message: ChatMessageData, info: { index: number }) => ReactNode;
}

/**
 * One row of the list: the day separator (hidden from assistive technology: each article carries
 * its own `<time>`) and the message. Memoized on primitives and the message object, so a new
 * message in a stream renders one row, not every visible one. @internal
 */
export const ChatRow = /* @__PURE__ */ memo(function ChatRow(props: ChatRowProps) {
  const { message, index, startsGroup, startsDay, register, renderMessage } = props;
  const { formatDay } = useChatView("ChatThread.MessageList");
  const info = useMemo(
    () => ({ index, posinset: index + 1, startsGroup, startsDay, register }),
    [index, startsGroup, startsDay, register],
  );
  return (
    <ChatRowContext.Provider value={info}>
      {startsDay ? (
        <div data-part="day" aria-hidden="true">
          {formatDay(message.createdAt)}
        </div>
      ) : null}
      {renderMessage ? renderMessage(message, { index }) : <ChatMessage message={message} />}
    </ChatRowContext.Provider>
  );
});
