import {
  type FormEvent,
  type FormHTMLAttributes,
  forwardRef,
  type KeyboardEvent,
  useCallback,
  useId,
  useState,
} from "react";
import { StompkitError } from "stompkit";
import type { ChatThreadStatus } from "stompkit/chat/core";
import { DEV } from "stompkit/core";
import { useChatContext } from "./ChatThreadContext";
import { useControllableState } from "./useControllableState";

/** Props of `ChatThread.Composer`. */
export interface ChatComposerProps
  extends Omit<FormHTMLAttributes<HTMLFormElement>, "onSubmit" | "defaultValue"> {
  /** The text (controlled). */
  value?: string;
  /** The initial text (uncontrolled). @default "" */
  defaultValue?: string;
  /** Called with the new text on every change, and with "" after a send. */
  onValueChange?: (value: string) => void;
  /** Placeholder of the textbox. @default "Write a message…" */
  placeholder?: string;
}

/**
 * What the composer says about a thread state, or `undefined` when there is nothing to say. `blocks`:
 * sending is impossible (joining, failed). While reconnecting it is possible: the message shows as
 * pending and goes out, once, when the connection is back (the session's outbox).
 */
export function composerNotice(
  status: ChatThreadStatus,
  error?: Error,
): { text: string; blocks: boolean } | undefined {
  switch (status) {
    case "ready":
      return undefined;
    case "reconnecting":
      return {
        text: "Reconnecting… Messages you send now go out when the connection is back.",
        blocks: false,
      };
    case "error":
      // The error's prose is for developers (production builds carry only its code): shown in development.
      return { text: `Chat unavailable${DEV && error?.message ? `: ${error.message}` : "."}`, blocks: true };
    default:
      return { text: "Connecting…", blocks: true };
  }
}

/**
 * The message composer: a `form` with a textbox named "Message" and a button named "Send". Enter
 * sends, Shift+Enter adds a new line (IME composition is left alone). While sending is impossible
 * the Send button is disabled and the reason is shown (and tied to the textbox with
 * `aria-describedby`); while reconnecting, sending stays possible and a note says when it goes out. Every change is reported to the store for typing indicators.
 */
export const ChatComposer = /* @__PURE__ */ forwardRef<HTMLFormElement, ChatComposerProps>(
  function ChatComposer(props, ref) {
    const { value, defaultValue = "", onValueChange, placeholder = "Write a message…", ...rest } = props;
    const { chat, composerInput } = useChatContext("ChatThread.Composer");
    const [text, setText] = useControllableState(value, defaultValue, onValueChange);
    const reasonId = useId();
    const notice = composerNotice(chat.status, chat.error);
    const reason = notice?.blocks ? notice.text : undefined;
    const { send, keystrokes } = chat;

    const [problem, setProblem] = useState<string | undefined>(undefined);
    const problemId = useId();

    const submit = useCallback(() => {
      if (reason !== undefined || text.trim() === "") return;
      const draft = text;
      setText("");
      setProblem(undefined);
      // A send that fails later is shown on the message itself (failed + Retry) and announced. One the
      // store refuses up front (too long…) was never added to the list: give the text back and say why.
      send(draft).catch((error: unknown) => {
        if (error instanceof StompkitError && error.code === "INVALID_MESSAGE") {
          setText(draft);
          setProblem(error.message);
        }
      });
    }, [reason, text, send, setText]);

    const describedBy = [notice ? reasonId : "", problem ? problemId : ""].join(" ").trim();
    return (
      <form
        data-part="composer"
        data-disabled={reason !== undefined ? "" : undefined}
        {...rest}
        ref={ref}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          submit();
        }}
      >
        <textarea
          ref={composerInput}
          aria-label="Message"
          aria-describedby={describedBy || undefined}
          aria-invalid={problem ? true : undefined}
          placeholder={placeholder}
          rows={1}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setProblem(undefined);
            keystrokes(e.target.value);
          }}
          onKeyDown={(e: KeyboardEvent<HTMLTextAreaElement>) => {
            if (e.key !== "Enter" || e.shiftKey || e.nativeEvent.isComposing) return;
            e.preventDefault();
            submit();
          }}
        />
        <button type="submit" disabled={reason !== undefined}>
          Send
        </button>
        {notice ? (
          <p id={reasonId} data-part="composer-reason">
            {notice.text}
          </p>
        ) : null}
        {problem ? (
          <p id={problemId} role="alert" data-part="composer-error">
            {problem}
          </p>
        ) : null}
      </form>
    );
  },
);
