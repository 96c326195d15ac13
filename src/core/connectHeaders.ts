import type { StompHeaders } from "@stomp/stompjs";
import { type Clock, createTimer } from "./clock";
import { DEV } from "./dev";
import { ConnectionFailedError, ConnectTimeoutError, type StompkitError } from "./errors";
import { assertHeaders } from "./headers";

/**
 * Headers for CONNECT, or a function called before every (re)connect (e.g. to fetch a fresh token),
 * with the attempt number and the broker node it goes to (`url`; undefined without `brokerURL`), so
 * each node of a cluster can get its own credentials.
 */
export type ConnectHeadersOption =
  | StompHeaders
  | ((context: { attempt: number; url: string | undefined }) => StompHeaders | Promise<StompHeaders>);

const timedOut: unique symbol = Symbol("timedOut");

/**
 * Resolves the CONNECT headers of one attempt. A function that throws or rejects gives a
 * `ConnectionFailedError`; one that does not settle within `timeoutMs` (0 = no bound) gives a
 * `ConnectTimeoutError`: `connectTimeout` covers the whole attempt, header fetching included. Values
 * with CR, LF or NUL give an `InvalidHeaderError` (CONNECT is never escaped, on any STOMP version).
 */
export async function resolveConnectHeaders(
  source: ConnectHeadersOption,
  context: { attempt: number; url: string | undefined },
  timeoutMs: number,
  clock: Clock,
): Promise<{ headers: Record<string, string> } | { error: StompkitError }> {
  const timer = createTimer(clock);
  try {
    const pending = Promise.resolve().then(() =>
      typeof source === "function" ? source({ ...context }) : source,
    );
    const raced =
      timeoutMs > 0
        ? await Promise.race([
            pending,
            new Promise<typeof timedOut>((resolve) => timer.start(timeoutMs, () => resolve(timedOut))),
          ])
        : await pending;
    if (raced === timedOut) return { error: new ConnectTimeoutError(timeoutMs) };
    return { headers: assertHeaders(raced ?? {}) };
  } catch (cause) {
    if ((cause as StompkitError)?.code === "INVALID_HEADER") return { error: cause as StompkitError };
    return {
      error: new ConnectionFailedError(undefined, DEV && `connectHeaders failed: ${String(cause)}`, {
        cause,
      }),
    };
  } finally {
    timer.stop();
  }
}
