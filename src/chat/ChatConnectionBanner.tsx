import { forwardRef, type HTMLAttributes } from "react";
import { DEV } from "stompkit/core";
import { useChatContext } from "./ChatThreadContext";

/** Props of `ChatThread.ConnectionBanner`. */
export type ChatConnectionBannerProps = HTMLAttributes<HTMLDivElement>;

/**
 * The thread's connection state in words, as a `role="status"` element with `data-state` (the
 * thread status): "Connecting…", "Connection lost. Reconnecting…", the error, and after a reconnect
 * how many missed messages were loaded. Empty while all is well. `children` replace the text.
 */
export const ChatConnectionBanner = /* @__PURE__ */ forwardRef<HTMLDivElement, ChatConnectionBannerProps>(
  function ChatConnectionBanner(props, ref) {
    const { children, ...rest } = props;
    const { chat } = useChatContext("ChatThread.ConnectionBanner");
    let text: string | undefined;
    if (chat.status === "connecting" || chat.status === "idle") text = "Connecting…";
    else if (chat.status === "reconnecting") text = "Connection lost. Reconnecting…";
    else if (chat.status === "error")
      text = `Chat unavailable${DEV && chat.error ? `: ${chat.error.message}` : "."}`; // prose in development only
    else if (chat.missed > 0) {
      text = `Reconnected. ${chat.missed} missed message${chat.missed === 1 ? "" : "s"} loaded.`;
    }
    return (
      <div role="status" data-part="connection-banner" data-state={chat.status} {...rest} ref={ref}>
        {children ?? text}
      </div>
    );
  },
);
