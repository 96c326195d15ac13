// A page for test/e2e/tabShare.broker.e2e.test.ts: ten components on ten RabbitMQ queues under one
// <StompProvider shareAcrossTabs>, recording what each receives, and a receipted send the test drives.
import { StrictMode, useEffect } from "react";
import { createRoot } from "react-dom/client";
import { StompProvider, useSend, useSubscription } from "stompkit";

const params = new URLSearchParams(location.search);
const url = params.get("url") ?? "ws://127.0.0.1:15674/ws";
const run = params.get("run") ?? "0";
// Durable queues, read with client acks: what the dying leader did not ACK is delivered again to the
// next one (a topic would drop what is published while nobody subscribes).
const destinations = Array.from({ length: 10 }, (_, i) => `/queue/e2e-tabs-${run}-${i}`);

type Probe = {
  got: Record<string, string[]>;
  /** Subscriptions whose SUBSCRIBE the broker (through the leader tab) confirmed. */
  ready: Record<string, boolean>;
  sent: { key: string; ok: boolean }[];
  send?: (text: string) => void;
};
const probe: Probe = { got: {}, ready: {}, sent: [] };
(window as unknown as { probe: Probe }).probe = probe;

function Topic({ destination }: { destination: string }) {
  const { status } = useSubscription(destination, {
    parse: "text",
    keep: 1,
    ack: "client-individual",
    dedupe: true,
    onMessage: (m) => {
      const list = probe.got[destination] ?? [];
      probe.got[destination] = list;
      list.push(m.raw);
    },
  });
  probe.ready[destination] = status === "ready";
  return null;
}

function Sender() {
  const { send } = useSend();
  useEffect(() => {
    probe.send = (text) => {
      send(`/queue/e2e-tabs-${run}-sends`, text, { receipt: true }).then(
        (r) => probe.sent.push({ key: r.idempotencyKey ?? "", ok: true }),
        () => probe.sent.push({ key: "", ok: false }),
      );
    };
  }, [send]);
  return null;
}

// Under StrictMode (this page runs in development): effects mount, unmount and mount again, and the
// test still counts one socket across the five tabs and one consumer per queue.
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <StompProvider
      url={url}
      connectHeaders={{ login: "guest", passcode: "guest", host: "/" }}
      heartbeat={{ outgoing: 1000, incoming: 1000 }}
      reconnect={{ initialDelay: 100, maxDelay: 1000 }}
      shareAcrossTabs="e2e-tabs"
    >
      {destinations.map((d) => (
        <Topic key={d} destination={d} />
      ))}
      <Sender />
    </StompProvider>
  </StrictMode>,
);
