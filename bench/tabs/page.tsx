// One tab of the tabs bench (bench/tabs/run.mjs): a provider, shared across tabs or not (`?share=1`),
// and one subscription that records each message's latency (the body carries the publish time).
import { createRoot } from "react-dom/client";
import { StompProvider, useSubscription } from "stompkit";

const params = new URLSearchParams(location.search);
const url = params.get("url")!;
const share = params.get("share") === "1";
const bench = { received: 0, latencies: [] as number[] };
(window as unknown as { bench: typeof bench }).bench = bench;

function Listener() {
  useSubscription("/topic/tabs-bench", {
    parse: "text",
    keep: 1,
    onMessage: (m) => {
      bench.received++;
      const sentAt = Number(m.raw.split(":")[1]);
      if (sentAt) bench.latencies.push(Date.now() - sentAt);
    },
  });
  return null;
}

createRoot(document.getElementById("root")!).render(
  <StompProvider
    url={url}
    connectHeaders={{ "StompX-User": "bench" }}
    heartbeat={{ outgoing: 0, incoming: 0 }}
    shareAcrossTabs={share ? "tabs-bench" : false}
  >
    <Listener />
  </StompProvider>,
);
