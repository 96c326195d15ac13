// Broker project: the real RabbitMQ (Web-STOMP on 127.0.0.1:15674) must be up before any file runs.
import { ensureBroker } from "./ensureBroker";

export default async function setup() {
  await ensureBroker("broker", [Number(process.env.STOMPKIT_RMQ_WS_PORT ?? 15674)], "scripts/rabbitmq.sh");
}
