// A plain list: every message is in the DOM. Sticks to the bottom while the reader is there.
import { memo, useLayoutEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { type BenchMessage, localStream, register } from "./common";

const time = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit" });
let append: (batch: BenchMessage[]) => void = () => {};
let received = 0;

const Row = memo(function Row({ m }: { m: BenchMessage }) {
  return (
    <div data-message-id={m.id} style={{ padding: "6px 12px" }}>
      <div style={{ fontSize: 12, color: "#555" }}>
        <b>{m.author}</b>{" "}
        <time dateTime={new Date(m.createdAt).toISOString()}>{time.format(m.createdAt)}</time>
      </div>
      <p style={{ margin: 0 }}>{m.text}</p>
    </div>
  );
});

function PlainList({ initial }: { initial: readonly BenchMessage[] }) {
  const [messages, setMessages] = useState(initial);
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  append = (batch) => setMessages((prev) => prev.concat(batch));
  received = messages.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after every append, by design
  useLayoutEffect(() => {
    const el = ref.current!;
    if (atBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages]);
  return (
    <div
      id="scroller"
      ref={ref}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight <= 48;
      }}
      style={{ height: "100%", overflowY: "auto" }}
    >
      {messages.map((m) => (
        <Row key={m.id} m={m} />
      ))}
    </div>
  );
}

register({
  mount(host, initial) {
    createRoot(host).render(<PlainList initial={initial} />);
  },
  stream: (from, n, perSecond) => localStream((batch) => append(batch), from, n, perSecond),
  scroller: () => document.getElementById("scroller"),
  list: () => document.getElementById("scroller"),
  received: () => received,
});
