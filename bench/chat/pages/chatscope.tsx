// @chatscope/chat-ui-kit-react 2.1.1: MessageList with its defaults (autoScrollToBottom, on mount too).
import "@chatscope/chat-ui-kit-styles/dist/default/styles.min.css";
import { Message, MessageList } from "@chatscope/chat-ui-kit-react";
import { useState } from "react";
import { createRoot } from "react-dom/client";
import { type BenchMessage, localStream, register } from "./common";

const time = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit" });
let append: (batch: BenchMessage[]) => void = () => {};
let received = 0;

function ChatscopeList({ initial }: { initial: readonly BenchMessage[] }) {
  const [messages, setMessages] = useState(initial);
  append = (batch) => setMessages((prev) => prev.concat(batch));
  received = messages.length;
  return (
    <div style={{ height: "100%" }}>
      <MessageList style={{ height: "100%" }}>
        {messages.map((m) => (
          <Message
            key={m.id}
            data-message-id={m.id}
            model={{
              message: m.text,
              sender: m.author,
              sentTime: time.format(m.createdAt),
              direction: "incoming",
              position: "single",
            }}
          >
            <Message.Header sender={m.author} sentTime={time.format(m.createdAt)} />
          </Message>
        ))}
      </MessageList>
    </div>
  );
}

register({
  mount(host, initial) {
    createRoot(host).render(<ChatscopeList initial={initial} />);
  },
  stream: (from, n, perSecond) => localStream((batch) => append(batch), from, n, perSecond),
  scroller: () => document.querySelector(".cs-message-list__scroll-wrapper"),
  list: () => document.querySelector(".cs-message-list"),
  received: () => received,
});
