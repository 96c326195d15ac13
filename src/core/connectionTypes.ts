import type { Client, IFrame, IMessage } from "@stomp/stompjs";
import type { Clock } from "./clock";
import type { ConnectedInfo, ConnectionStore } from "./connectionStore";
import type { StompkitError } from "./errors";
import type { StompSessionOptions } from "./sessionOptions";

export type SessionEvents = {
  /** CONNECTED arrived. Listeners run in registration order (subscriptions before the outbox). */
  connect: [info: ConnectedInfo];
  /** A socket closed (after CONNECTED or not); `error` is undefined for a close asked for. */
  disconnect: [error: StompkitError | undefined];
  /**
   * An ERROR frame, before it closes the connection. `receiptId` names the frame it refused, only when
   * that is unambiguous: the frame's `receipt-id`, or — when the broker left it out (RabbitMQ does for
   * a refused SUBSCRIBE or SEND) — the receipt of the only frame of any kind sent since the last frame
   * the broker acknowledged (CONNECTED, a RECEIPT). Otherwise `receiptId` is
   * undefined and `suspects` lists every outstanding receipt: any of them, or none (an unrelated frame
   * or a broker-side fault), may be the cause, so nothing may be failed for it.
   */
  stompError: [
    frame: IFrame,
    error: StompkitError,
    receiptId: string | undefined,
    suspects: readonly string[],
  ];
  error: [error: StompkitError];
  unhandledMessage: [message: IMessage];
  unhandledReceipt: [frame: IFrame];
};

export interface StompConnection {
  /** Connection state, a zustand vanilla store: `status`, `attempt`, `lastError`, `connected`. */
  readonly connection: ConnectionStore;
  /**
   * The one `@stomp/stompjs` Client. Read-only escape hatch: the session owns its callbacks
   * (`onConnect`, `onStompError`, …) and fans them out through `on()`; do not assign them.
   */
  readonly client: Client;
  readonly clock: Clock;
  /** True while CONNECTED. */
  readonly connected: boolean;
  /**
   * Starts the session on the first call and returns its release; the last release closes it.
   * Counted, so StrictMode's mount → unmount → mount keeps one socket.
   */
  mount(): () => void;
  /** Applies new options without a new socket; they take effect at the next (re)connect. */
  configure(options: Partial<StompSessionOptions>): void;
  /** Drops the current socket (if any) and connects again now, with fresh `connectHeaders`; also leaves `failed`. */
  reconnect(): void;
  on<K extends keyof SessionEvents>(event: K, listener: (...args: SessionEvents[K]) => void): () => void;
  /** Live listeners, timers and sockets: all 0 after the last release has settled (leak checks). */
  diagnostics(): { listeners: number; timers: number; socket: boolean };
}
