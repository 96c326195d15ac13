// Which real broker a broker-project file talks to. The Vitest project sets STOMPKIT_BROKER
// (`broker`: rabbitmq, `broker-activemq`: activemq); test/broker/parity/* runs under both, and states
// each difference between the brokers as data here, next to what the README's "Brokers" section says.

export type BrokerName = "rabbitmq" | "activemq";

export interface TestQueue {
  name: string;
  /** Where consumers SUBSCRIBE. */
  subscribe: string;
  /** Where producers SEND. */
  send: string;
  /** SUBSCRIBE headers the queue needs. */
  headers: Record<string, string>;
}

export interface BrokerTarget {
  name: BrokerName;
  /** Web-STOMP endpoint. */
  url: string;
  /** The control script: `bash <script> start|stop|kill|pause|resume|status|pid|ensure`. */
  script: string;
  /** A queue for one test. */
  queue(name: string): TestQueue;
  /** What the `server` header of CONNECTED starts with. */
  server: RegExp;
  /** NACK of a client-individual message: the broker delivers it again (RabbitMQ requeues) or not. */
  nackRedelivers: boolean;
  /** The header that marks a redelivery, as the broker writes it on MESSAGE. */
  redeliveredHeader: "redelivered";
  /** Several frames in one WebSocket message are each read (a byte stream), or only the first. */
  readsFrameStream: boolean;
}

const rabbitmq: BrokerTarget = {
  name: "rabbitmq",
  url: process.env.STOMPKIT_RMQ_URL ?? `ws://127.0.0.1:${process.env.STOMPKIT_RMQ_WS_PORT ?? 15674}/ws`,
  script: "scripts/rabbitmq.sh",
  // Consumers SUBSCRIBE to `/queue/<name>` (durable, deleted by RabbitMQ 60 s after its last use thanks to
  // `x-expires`); producers SEND to `/amq/queue/<name>`, which does not re-declare it (a plain `/queue/` SEND
  // would declare it without `x-expires`, and RabbitMQ closes the connection then: PRECONDITION_FAILED).
  queue: (name) => ({
    name,
    subscribe: `/queue/${name}`,
    send: `/amq/queue/${name}`,
    headers: { "x-expires": "60000" },
  }),
  server: /^RabbitMQ\//,
  nackRedelivers: true,
  redeliveredHeader: "redelivered",
  readsFrameStream: true,
};

const activemq: BrokerTarget = {
  name: "activemq",
  url: process.env.STOMPKIT_AMQ_URL ?? `ws://127.0.0.1:${process.env.STOMPKIT_AMQ_WS_PORT ?? 61614}`,
  script: "scripts/activemq.sh",
  // ActiveMQ creates any `/queue/<name>` on first use, for SEND and SUBSCRIBE alike; no arguments.
  queue: (name) => ({ name, subscribe: `/queue/${name}`, send: `/queue/${name}`, headers: {} }),
  server: /^ActiveMQ\//,
  // ActiveMQ 5 treats a STOMP NACK as a poison ack: the message goes to the dead-letter queue
  // (ActiveMQ.DLQ), or is dropped when it was not persistent; the consumer never sees it again.
  nackRedelivers: false,
  redeliveredHeader: "redelivered",
  // ActiveMQ 5's WebSocket transport unmarshals one STOMP frame per WebSocket message and drops the rest.
  readsFrameStream: false,
};

export const targets: Record<BrokerName, BrokerTarget> = { rabbitmq, activemq };

function current(): BrokerTarget {
  const name = (process.env.STOMPKIT_BROKER ?? "rabbitmq") as BrokerName;
  const target = targets[name];
  if (!target) throw new Error(`STOMPKIT_BROKER=${name}: expected one of ${Object.keys(targets).join(", ")}`);
  return target;
}

/** The broker this test file runs against. */
export const target = current();
