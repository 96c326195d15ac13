import type { IStompSocket } from "@stomp/stompjs";
import type { StompConnection } from "./connectionTypes";
import type { StompkitError } from "./errors";
import type { FrameTap } from "./frameTaps";
import type { StompSessionOptions } from "./sessionOptions";

/**
 * The plumbing the core layers share and users never call. It lives under a module-private symbol, so
 * it is on no public type and no autocomplete. @internal
 */
export interface ConnectionInternals {
  /** Notes a receipt id just sent on the current socket (for ERROR attribution). */
  trackReceipt(id: string): void;
  /** Receipts sent on the current socket whose RECEIPT has not arrived (0 after a close). */
  pendingReceipts(): number;
  /** Writes a line to the debug log (credentials masked). */
  log(line: string): void;
  /** A connection error: `lastError`, the `error` event and `onError`. */
  reportError(error: StompkitError): void;
  /** An error that is not the connection's (a handler threw, a subscription was refused): `error` event and `onError`. */
  emitError(error: StompkitError): void;
  /** The options as given (merged with every `configure()`). */
  options(): StompSessionOptions;
  /** Raw frame listeners (the observation API adds one while observed); empty otherwise. */
  readonly taps: Set<FrameTap>;
  /**
   * What the debug log masks with, unmasked (never log it): the masked header names (`passcode`,
   * `Authorization`, `redactHeaders`…), the secret values known, and the broker URL of the current (or
   * last) attempt.
   */
  masking(): { names: readonly string[]; secrets: () => string[]; url: string | undefined };
  /** Modules attached on first use (receipts, outbox), by name. */
  readonly attached: Map<string, { diagnostics(): object }>;
  /**
   * Tab sharing's say over each attempt's socket: `open` makes this tab's own; `headers` and `url` are
   * the attempt's CONNECT headers and broker URL (stompkit/tabs compares digests, never sends them).
   */
  socketHook:
    | ((
        open: () => IStompSocket,
        headers: Readonly<Record<string, string>>,
        url: string | undefined,
      ) => IStompSocket)
    | undefined;
}

/**
 * Gives `stompkit/tabs` its say over each attempt's socket (`undefined` gives it back). @internal
 */
export function setSocketHook(conn: StompConnection, hook: ConnectionInternals["socketHook"]): void {
  internals(conn).socketHook = hook;
}

/** @internal */
export const INTERNALS: unique symbol = Symbol("stompkit.internals");

/** A connection with its plumbing. @internal */
export type InternalConnection = StompConnection & { readonly [INTERNALS]: ConnectionInternals };

/** The plumbing of `conn`. @internal */
export const internals = (conn: StompConnection): ConnectionInternals =>
  (conn as InternalConnection)[INTERNALS];

/**
 * The extension point: the module `name` of this session, created by `create` the first time it is
 * asked for (so an app that never sends never imports the outbox). @internal
 */
export function attach<T extends { diagnostics(): object }>(
  conn: StompConnection,
  name: string,
  create: (conn: StompConnection) => T,
): T {
  const { attached } = internals(conn);
  let module = attached.get(name) as T | undefined;
  if (!module) {
    module = create(conn);
    attached.set(name, module);
  }
  return module;
}
