// broker-activemq project: ActiveMQ 5.17 with STOMP over WebSocket on 127.0.0.1:61614 (scripts/activemq.sh).
import { ensureBroker } from "./ensureBroker";

export default async function setup() {
  await ensureBroker(
    "broker-activemq",
    [Number(process.env.STOMPKIT_AMQ_WS_PORT ?? 61614)],
    "scripts/activemq.sh",
  );
}
