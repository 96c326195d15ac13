// The whole <ChatThread thread="…"> as an app uses it: StompProvider over a real WebSocket to the
// embedded StompX server running in Node (bench/chat/stompxBridge.ts), the `stompx-1` dialect, the
// default page size and window. The server holds the 10,000 messages; the stream comes from it.
import "stompkit/chat/styles.css";
import { createRoot } from "react-dom/client";
import { StompProvider } from "stompkit";
import { ChatThread, useChatThread } from "stompkit/chat";
import { register } from "./common";

const params = new URLSearchParams(location.search);
const thread = params.get("thread") ?? "bench";
const url = `ws://${location.host}/stompx`;
/** `?batchAcks=0`: every ACK its own WebSocket message (the `stompkit-live-unbatched` row). */
const batchAcks = params.get("batchAcks") === "0" ? false : undefined;
let received = 0;
let lastIndex = -1;

/** `<ChatThread>` on the thread's `useChatThread` result (the same tree `<ChatThread thread>` renders), to count arrivals. */
function Live() {
  const chat = useChatThread({ thread, profile: "stompx-1" });
  const last = chat.messages[chat.messages.length - 1]?.id;
  const index = last?.startsWith("m") ? Number(last.slice(1)) : -1;
  if (index > lastIndex) lastIndex = index;
  received = lastIndex + 1;
  return <ChatThread chat={chat} style={{ height: "100%" }} />;
}

register({
  loadsItsOwn: true,
  mount(host) {
    createRoot(host).render(
      <StompProvider
        url={url}
        batchAcks={batchAcks}
        connectHeaders={{ host: "bench", "StompX-User": "reader" }}
      >
        <Live />
      </StompProvider>,
    );
  },
  async stream(from, n, perSecond) {
    const res = await fetch(`/chat/stream?thread=${thread}&from=${from}&n=${n}&rate=${perSecond}`, {
      cache: "no-store",
    });
    await res.json();
  },
  scroller: () => document.querySelector('[role="feed"]'),
  list: () => document.querySelector('[role="feed"]'),
  received: () => received,
});
