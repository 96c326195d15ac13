import type { IMessage } from "@stomp/stompjs";
import {
  InvalidHeaderError,
  type OnceSubscription,
  ParseError,
  type StompkitError,
  type StompSessionBase,
  safeJsonParse,
  subscribeOnce,
} from "stompkit/core";
import { RelayFailedError, RelayTimeoutError } from "./chatErrors";

/** The one MESSAGE a relay answers with. */
export interface RelayReply {
  /** The body parsed as JSON (safely), or `undefined` for an empty body. */
  body: unknown;
  raw: string;
  headers: Readonly<Record<string, string>>;
}

export interface RelayRequestOptions {
  /** Parameters, sent as SUBSCRIBE headers (`page`, `size`, `username`…). CR, LF or NUL, or `:` in a name, is refused. */
  headers?: Record<string, string | number>;
  /** Time for the reply, in ms (0 = none). @default 10000 */
  timeout?: number;
}

interface Waiting {
  destination: string;
  subscription: OnceSubscription | undefined;
  stop: () => void;
  resolve(reply: RelayReply): void;
  reject(error: StompkitError): void;
}

const reserved = new Set(["id", "destination", "receipt", "ack", "content-length"]);

function relayHeaders(input: Record<string, string | number> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(input ?? {})) {
    const value = String(raw);
    if (!name || /[\r\n\0:]/.test(name)) throw new InvalidHeaderError(name);
    if (/[\r\n\0]/.test(value)) throw new InvalidHeaderError(`${name}: ${value}`);
    if (!reserved.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

/**
 * Request/response over STOMP, the StompX way (Spring's `@SubscribeMapping`): SUBSCRIBE to a
 * `.relay` destination with the parameters as SUBSCRIBE headers, take its one MESSAGE as the reply,
 * UNSUBSCRIBE. A relay is never re-issued on reconnect (it is a `subscribeOnce`, not a subscription of
 * the ref-counted registry): a drop before the reply rejects it with `RelayFailedError("disconnected")`,
 * no reply in time with `RelayTimeoutError`. Errors from the server's error queue are routed to it
 * with `fail(subscriptionId, error)`.
 *
 * @example
 * const relay = createRelay(session)
 * const reply = await relay.request('/application/v1/threads/1.messages.relay', { headers: { page: 0, size: 25 } })
 */
export function createRelay(session: StompSessionBase, defaults: { timeout?: number } = {}) {
  const waiting = new Map<string, Waiting>();
  const prefix = Math.random().toString(36).slice(2, 8);
  let counter = 0;

  const settle = (id: string, outcome: { reply?: RelayReply; error?: StompkitError }) => {
    const w = waiting.get(id);
    if (!w) return false;
    waiting.delete(id);
    w.stop();
    w.subscription?.unsubscribe(); // a no-op once its socket is gone
    if (outcome.error) w.reject(outcome.error);
    else w.resolve(outcome.reply!);
    return true;
  };

  const offDisconnect = session.on("disconnect", () => {
    for (const [id, w] of [...waiting]) {
      w.subscription = undefined; // gone with the socket: nothing to UNSUBSCRIBE
      settle(id, { error: new RelayFailedError(w.destination, "disconnected") });
    }
  });

  return {
    /** SUBSCRIBE → one MESSAGE → UNSUBSCRIBE. Rejects with a typed error; never throws. */
    request(destination: string, options: RelayRequestOptions = {}): Promise<RelayReply> {
      return new Promise<RelayReply>((resolve, reject) => {
        let headers: Record<string, string>;
        try {
          if (typeof destination !== "string" || !destination.startsWith("/") || /[\r\n\0]/.test(destination))
            throw new InvalidHeaderError(`destination: ${String(destination)}`);
          headers = relayHeaders(options.headers);
        } catch (error) {
          reject(error);
          return;
        }
        if (!session.connected) {
          reject(new RelayFailedError(destination, "not-connected"));
          return;
        }
        const id = `relay-${prefix}-${++counter}`;
        const timeout = options.timeout ?? defaults.timeout ?? 10_000;
        const clock = session.clock;
        const timer = timeout > 0 ? clock.setTimeout(() => onTimeout(), timeout) : undefined;
        const w: Waiting = {
          destination,
          subscription: undefined,
          stop: () => timer !== undefined && clock.clearTimeout(timer),
          resolve,
          reject,
        };
        const onTimeout = () => settle(id, { error: new RelayTimeoutError(destination, timeout) });
        waiting.set(id, w);
        const onMessage = (frame: IMessage) => {
          let body: unknown;
          try {
            body = frame.body === "" ? undefined : safeJsonParse(frame.body);
          } catch (cause) {
            settle(id, { error: new ParseError(destination, cause) });
            return;
          }
          settle(id, { reply: { body, raw: frame.body, headers: { ...frame.headers } } });
        };
        try {
          const subscription = subscribeOnce(session, destination, onMessage, { ...headers, id });
          if (waiting.has(id)) w.subscription = subscription;
          else subscription.unsubscribe(); // answered synchronously
        } catch (error) {
          settle(id, { error: new RelayFailedError(destination, "not-connected", String(error)) });
        }
      });
    },
    /**
     * Fails the relay whose SUBSCRIBE had this `id` (an error-queue MESSAGE's `subscription-id`) with
     * `RelayFailedError("server", detail)`. Returns whether such a relay was waiting.
     */
    fail(subscriptionId: string, detail: string): boolean {
      const w = waiting.get(subscriptionId);
      return !!w && settle(subscriptionId, { error: new RelayFailedError(w.destination, "server", detail) });
    },
    /** True while a relay with this subscription id waits. */
    has: (subscriptionId: string) => waiting.has(subscriptionId),
    /** Relays waiting for their reply. */
    get pending() {
      return waiting.size;
    },
    /** Cancels every waiting relay (UNSUBSCRIBE) and stops listening to the session. */
    dispose() {
      offDisconnect();
      for (const [id, w] of [...waiting])
        settle(id, { error: new RelayFailedError(w.destination, "cancelled") });
    },
  };
}

/** What `createRelay` returns: `request`, `fail`, `has`, `pending`, `dispose`. */
export type Relay = ReturnType<typeof createRelay>;
