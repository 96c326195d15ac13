import { createStore, type StoreApi } from "zustand/vanilla";
import type { StompkitError } from "./errors";
import { redactUrls } from "./redact";

/**
 * - `idle`: never started (not mounted yet, or rendered on a server).
 * - `connecting`: first attempt since start; `reconnecting`: a later attempt, or waiting for one.
 * - `open`: CONNECTED received. `offline`: the browser reports no network; retries resume on `online`.
 * - `failed`: `reconnect.maxAttempts` used up (or reconnect disabled); `session.reconnect()` starts again.
 * - `closed`: stopped on purpose (the last `mount()` was released).
 */
export type ConnectionStatus =
  | "idle"
  | "connecting"
  | "open"
  | "reconnecting"
  | "offline"
  | "failed"
  | "closed";

/** Heart-beat intervals in force on the open connection, per STOMP 1.2 (0 = none). */
export interface NegotiatedHeartbeat {
  /** How often this client sends a heart-beat, in ms. */
  outgoing: number;
  /** How often the broker promised to send one, in ms. */
  incoming: number;
}

/** What the broker said in CONNECTED. */
export interface ConnectedInfo {
  version: string | undefined;
  server: string | undefined;
  session: string | undefined;
  userName: string | undefined;
  /** The raw `heart-beat` header of CONNECTED. */
  heartBeat: string | undefined;
  negotiatedHeartbeat: NegotiatedHeartbeat;
  /** All CONNECTED headers. */
  headers: Record<string, string>;
  /**
   * The broker node this connection went to (the `brokerURL` picked for the attempt), with its
   * credentials masked (`wss://user:***@host/ws?token=***`); undefined without `brokerURL`.
   */
  url: string | undefined;
}

export interface ConnectionState {
  status: ConnectionStatus;
  /** Number of the attempt in progress (or last made) since the last successful connect; 0 when open. */
  attempt: number;
  /** The last error; cleared when a connection opens. */
  lastError: StompkitError | undefined;
  /** Set while open; kept after a drop so the UI can still show the server. */
  connected: ConnectedInfo | undefined;
  /** How many times CONNECTED was received since the session was created. */
  connectCount: number;
  /** When the next retry fires (clock ms), while `reconnecting` and waiting. */
  nextRetryAt: number | undefined;
}

export const initialConnectionState: ConnectionState = {
  status: "idle",
  attempt: 0,
  lastError: undefined,
  connected: undefined,
  connectCount: 0,
  nextRetryAt: undefined,
};

export type ConnectionStore = StoreApi<ConnectionState>;

export function createConnectionStore(): ConnectionStore {
  return createStore<ConnectionState>(() => initialConnectionState);
}

/** STOMP 1.2 §Heart-beating: each side sends at MAX(own, peer's wish), or never when either is 0. */
export function negotiateHeartbeat(
  client: { outgoing: number; incoming: number },
  serverHeader: string | undefined,
): NegotiatedHeartbeat {
  const [sx = 0, sy = 0] = (serverHeader ?? "0,0").split(",").map((v) => Number.parseInt(v, 10) || 0);
  return {
    outgoing: client.outgoing === 0 || sy === 0 ? 0 : Math.max(client.outgoing, sy),
    incoming: client.incoming === 0 || sx === 0 ? 0 : Math.max(client.incoming, sx),
  };
}

/** What CONNECTED says, with the heart-beat negotiated against what this client asked for. */
export function toConnectedInfo(
  headers: Record<string, string>,
  heartbeat: { outgoing: number; incoming: number },
  url?: string,
): ConnectedInfo {
  return {
    version: headers.version,
    server: headers.server,
    session: headers.session,
    userName: headers["user-name"],
    heartBeat: headers["heart-beat"],
    negotiatedHeartbeat: negotiateHeartbeat(heartbeat, headers["heart-beat"]),
    headers: { ...headers },
    url: url ? redactUrls(url) : undefined,
  };
}
