// broker-cluster project: the two-node RabbitMQ cluster (scripts/rabbitmq-cluster.sh), Web-STOMP on
// 127.0.0.1:15684 (node a) and 127.0.0.1:15685 (node b).
import { ensureBroker } from "./ensureBroker";

export default async function setup() {
  await ensureBroker(
    "broker-cluster",
    [
      Number(process.env.STOMPKIT_CLUSTER_A_WS_PORT ?? 15684),
      Number(process.env.STOMPKIT_CLUSTER_B_WS_PORT ?? 15685),
    ],
    "scripts/rabbitmq-cluster.sh",
    true,
  );
}
