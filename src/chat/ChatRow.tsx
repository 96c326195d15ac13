import { memo, type ReactNode, useMemo } from "react";
import type { ChatMessage as ChatMessageData } from "stompkit/chat/core";
import { ChatMessage } from "./ChatMessage";
import { ChatRowContext } from "./ChatRowContext";
import { useChatView } from "./ChatThreadContext";

interface ChatRowProps {
  message: ChatMessageData;
  /** Index in the loaded messages: only a custom `renderMessage` gets it. */
  index: number;
  /** 1-based position in the feed (`aria-posinset`), stable while the store's window slides. */
  position: number;
  startsGroup: boolean;
  startsDay: boolean;
  register: (key: string, el: HTMLElement | null) => void;
  renderMessage?: (message: ChatMessageData, info: { index: number }) => ReactNode;
}

// The index changes for every row when the store drops older messages from its window (each frame of a
// fast stream): the default rendering does not use it, so only a custom `renderMessage` re-renders then.
const sameRow = (a: ChatRowProps, b: ChatRowProps) =>
  a.message === b.message &&
  a.position === b.position &&
  a.startsGroup === b.startsGroup &&
  a.startsDay === b.startsDay &&
  a.register === b.register &&
  a.renderMessage === b.renderMessage &&
  (b.renderMessage === undefined || a.index === b.index);

/**
 * One row of the list: the day separator (hidden from assistive technology: each article carries
 * its own `<time>`) and the message. Memoized on the message object, its feed position and layout,
 * so a new message in a stream renders one row, not every visible one, also when older messages
 * leave the window. @internal
 */
export const ChatRow = /* @__PURE__ */ memo(function ChatRow(props: ChatRowProps) {
  const { message, index, position, startsGroup, startsDay, register, renderMessage } = props;
  const { formatDay } = useChatView("ChatThread.MessageList");
  const info = useMemo(
    () => ({ posinset: position, startsGroup, startsDay, register }),
    [position, startsGroup, startsDay, register],
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
}, sameRow);
