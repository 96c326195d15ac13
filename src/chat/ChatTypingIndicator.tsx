import { forwardRef, type HTMLAttributes, type ReactNode } from "react";
import { useChatContext } from "./ChatThreadContext";

/** Props of `ChatThread.TypingIndicator`. */
export interface ChatTypingIndicatorProps extends Omit<HTMLAttributes<HTMLDivElement>, "children"> {
  /** Custom text for the names of the users typing (none when nobody is). */
  children?: (names: readonly string[]) => ReactNode;
}

function defaultText(names: readonly string[]): ReactNode {
  const [a, b] = names;
  if (names.length === 1)
    return (
      <>
        <bdi>{a}</bdi> is typing…
      </>
    );
  if (names.length === 2)
    return (
      <>
        <bdi>{a}</bdi> and <bdi>{b}</bdi> are typing…
      </>
    );
  return `${names.length} people are typing…`;
}

/**
 * Who else is typing: a `role="status"` element that is always present (so the live region is
 * registered before it speaks) and empty while nobody types. Names are bidi-isolated.
 */
export const ChatTypingIndicator = /* @__PURE__ */ forwardRef<HTMLDivElement, ChatTypingIndicatorProps>(
  function ChatTypingIndicator(props, ref) {
    const { children, ...rest } = props;
    const { chat } = useChatContext("ChatThread.TypingIndicator");
    const names = chat.typing;
    const active = names.length > 0;
    return (
      <div role="status" data-part="typing" data-state={active ? "active" : "idle"} {...rest} ref={ref}>
        {active ? (children ?? defaultText)(names) : null}
      </div>
    );
  },
);
