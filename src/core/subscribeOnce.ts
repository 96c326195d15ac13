import type { IMessage } from "@stomp/stompjs";
import type { StompConnection } from "./connectionTypes";
import { DEV } from "./dev";
import { NotConnectedError } from "./errors";
import { assertHeaders, assertHeaderValue } from "./headers";
import { internals } from "./internals";

/** What `subscribeOnce` returns: the SUBSCRIBE's `id` and its UNSUBSCRIBE. */
export interface OnceSubscription {
  /** The `id` the SUBSCRIBE carried (its MESSAGEs' `subscription` header). */
  readonly id: string;
  /** UNSUBSCRIBE while the socket it went out on is connected; afterwards a no-op. Never throws. */
  unsubscribe(): void;
}

let counter = 0;

/**
 * A SUBSCRIBE on the current socket that is not ref-counted, not buffered and never re-issued after a
 * reconnect: it ends with the socket (listen to the session's `disconnect` event). For request/response
 * destinations — Spring's `@SubscribeMapping`, StompX relays — where the reply is one MESSAGE. Every
 * header is checked like any other (CR, LF or NUL: `InvalidHeaderError`, nothing sent); `headers.id`,
 * when given, is the subscription id. Throws `NotConnectedError` while not connected.
 *
 * @example
 * const sub = subscribeOnce(session, '/app/threads.relay', (m) => { sub.unsubscribe(); show(m.body) }, { page: '0' })
 */
export function subscribeOnce(
  session: StompConnection,
  destination: string,
  onMessage: (message: IMessage) => void,
  headers: Record<string, string> = {},
): OnceSubscription {
  assertHeaderValue("destination", destination);
  const checked = assertHeaders(headers);
  if (!session.connected) throw new NotConnectedError(DEV && `SUBSCRIBE to ${destination}`);
  const id = checked.id ?? `once-${++counter}`;
  const subscription = session.client.subscribe(destination, onMessage, { ...checked, id });
  const socketOf = session.client.webSocket;
  return {
    id,
    unsubscribe() {
      if (!session.connected || session.client.webSocket !== socketOf) return; // gone with its socket
      try {
        subscription.unsubscribe();
      } catch (error) {
        internals(session).log(`UNSUBSCRIBE ${id} failed: ${String(error)}`);
      }
    },
  };
}
