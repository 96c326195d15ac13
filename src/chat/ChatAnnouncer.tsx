import { useEffect, useRef, useState } from "react";
import type { ChatMessage, ChatThreadStatus } from "stompkit/chat/core";
import { useChatContext, visuallyHidden } from "./ChatThreadContext";
import { authorName, messageKey } from "./messageLayout";

interface Seen {
  messages: readonly ChatMessage[];
  status: ChatThreadStatus;
  missed: number;
}

/** Messages that arrived after `prev`'s newest one (appended live), not history put before it. */
function appended(prev: readonly ChatMessage[], next: readonly ChatMessage[]): ChatMessage[] {
  const last = prev[prev.length - 1];
  if (!last) return next.slice();
  const key = messageKey(last);
  for (let i = next.length - 1; i >= 0; i--) {
    if (messageKey(next[i] as ChatMessage) === key) return next.slice(i + 1);
  }
  return next.filter((m) => m.createdAt > last.createdAt);
}

// A live region only speaks when its text changes: an identical repeat gets a zero-width space.
const fresh = (text: string, before: string) => (text === before ? `${text}\u200b` : text);

/**
 * The thread's announcer (rendered by `ChatThread.Root`): one polite live region that says "New
 * message from X" or "N new messages", at most once per `throttle` ms, only for others' messages
 * that arrive live (never the first page, older pages or a reconnect's gap-fill), and one alert
 * region for a failed send and for the connection being lost or restored.
 */
export function ChatAnnouncer({ throttle = 1000 }: { throttle?: number }) {
  const { chat } = useChatContext("ChatThread.Announcer");
  const [polite, setPolite] = useState("");
  const [alert, setAlert] = useState("");
  const seen = useRef<Seen | null>(null);
  const failed = useRef(new Set<string>());
  const queue = useRef<string[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  useEffect(() => {
    const prev = seen.current;
    const { messages, status, missed } = chat;
    seen.current = { messages, status, missed };

    const alerts: string[] = [];
    const nowFailed = new Set<string>();
    for (const m of messages) {
      if (!m.mine || m.status !== "failed") continue;
      const key = messageKey(m);
      nowFailed.add(key);
      if (prev && !failed.current.has(key)) alerts.push("Message not sent. Use Retry to send it again.");
    }
    failed.current = nowFailed;
    if (prev?.status === "ready" && (status === "reconnecting" || status === "error")) {
      alerts.push("Connection lost. Reconnecting…");
    }
    if ((prev?.status === "reconnecting" || prev?.status === "error") && status === "ready") {
      alerts.push("Connection restored.");
    }
    if (alerts.length > 0) setAlert((before) => fresh(alerts.join(" "), before));

    if (prev?.status !== "ready" || status !== "ready" || missed !== prev.missed) return;
    const authors = appended(prev.messages, messages)
      .filter((m) => !m.mine && m.status === "confirmed")
      .map(authorName);
    if (authors.length === 0) return;
    queue.current.push(...authors);
    const flush = () => {
      const batch = queue.current;
      if (batch.length === 0) {
        timer.current = undefined;
        return;
      }
      queue.current = [];
      const text = batch.length === 1 ? `New message from ${batch[0]}` : `${batch.length} new messages`;
      setPolite((before) => fresh(text, before));
      timer.current = setTimeout(flush, throttle);
    };
    if (timer.current === undefined) flush();
  }, [chat, throttle]);

  return (
    <div data-part="announcer" style={visuallyHidden}>
      <div aria-live="polite" aria-atomic="true">
        {polite}
      </div>
      <div role="alert">{alert}</div>
    </div>
  );
}
