import { memo, useMemo } from "react";
import type { ChatMessage } from "stompkit/chat/core";
import { useStore } from "zustand";
import { bodySegments } from "./bodySegments";
import { useChatView } from "./ChatThreadContext";
import { messageKey } from "./messageLayout";

/**
 * A message's text, rendered as text only: links come only from the server's ranges and only for
 * http(s)/mailto (`rel="noopener noreferrer"`); a body longer than the root's `maxBodyLength` is cut
 * behind a "Show more" button. Never HTML.
 */
export const ChatMessageBody = /* @__PURE__ */ memo(function ChatMessageBody({
  message,
  id,
}: {
  message: ChatMessage;
  id?: string;
}) {
  const { ui, maxBodyLength } = useChatView("ChatThread.Message");
  const key = messageKey(message);
  const expanded = useStore(ui, (s) => s.expanded.has(key));
  const { segments, truncated } = useMemo(
    () => bodySegments(message.body, message.links, expanded ? Number.POSITIVE_INFINITY : maxBodyLength),
    [message.body, message.links, expanded, maxBodyLength],
  );
  return (
    <>
      <div id={id} data-part="body" dir="auto">
        {segments.map((s, i) =>
          s.href ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reorder
            <a key={i} href={s.href} rel="noopener noreferrer" target="_blank">
              {s.text}
            </a>
          ) : (
            s.text
          ),
        )}
        {truncated ? "…" : null}
      </div>
      {truncated ? (
        <button type="button" data-part="show-more" onClick={() => ui.expand(key)}>
          Show more
        </button>
      ) : null}
    </>
  );
});
