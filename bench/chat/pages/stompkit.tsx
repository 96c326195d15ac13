// stompkit's <ChatThread> list with the messages given as data, like the two presentational lists:
// `ChatThread.Root chat={…}` (the headless result `useChatThread` would return) around
// `ChatThread.MessageList` and `ChatThread.JumpToLatest`, with the default stylesheet. The live
// version (the whole <ChatThread thread="…"> on the embedded StompX server) is stompkit-live.tsx.
import "stompkit/chat/styles.css";
import { useMemo, useState } from "react";
import { createRoot } from "react-dom/client";
import { ChatThread, type ChatThreadResult } from "stompkit/chat";
import type { ChatMessage } from "stompkit/chat/core";
import { type BenchMessage, localStream, register } from "./common";

let append: (batch: BenchMessage[]) => void = () => {};
let received = 0;

function toChat(m: BenchMessage): ChatMessage {
  return {
    id: m.id,
    type: "TEXT",
    body: m.text,
    user: { name: m.author },
    createdTime: new Date(m.createdAt).toISOString(),
    createdAt: m.createdAt,
    status: "confirmed",
    mine: false,
  };
}

const never = () => Promise.reject(new Error("read-only bench thread"));

let prepared: ChatMessage[] = [];

function GivenThread() {
  const [messages, setMessages] = useState(() => prepared);
  append = (batch) => setMessages((prev) => prev.concat(batch.map(toChat)));
  received = messages.length;
  const chat = useMemo<ChatThreadResult>(
    () => ({
      messages,
      status: "ready",
      hasOlder: false,
      loadingOlder: false,
      typing: [],
      missed: 0,
      user: "reader",
      error: undefined,
      send: never,
      retry: never,
      loadOlder: async () => {},
      keystrokes: () => {},
    }),
    [messages],
  );
  return (
    <ChatThread.Root chat={chat} style={{ height: "100%" }}>
      <ChatThread.MessageList />
      <ChatThread.JumpToLatest />
    </ChatThread.Root>
  );
}

register({
  prepare(initial) {
    prepared = initial.map(toChat);
  },
  mount(host) {
    createRoot(host).render(<GivenThread />);
  },
  stream: (from, n, perSecond) => localStream((batch) => append(batch), from, n, perSecond),
  scroller: () => document.querySelector('[role="feed"]'),
  list: () => document.querySelector('[role="feed"]'),
  received: () => received,
});
