import type { StompConnection } from "./connectionTypes";
import { internals } from "./internals";

/**
 * The logger hook for code that builds on a session (the chat engine logs through it): writes `line` to
 * the session's `debug` option with credentials masked, like every line the session writes itself; does
 * nothing without `debug`, and never throws (a throwing `debug` sink is caught).
 *
 * @example debugLog(session, `my-feature: loaded ${n} rows`)
 */
export const debugLog = (session: StompConnection, line: string): void => internals(session).log(line);
