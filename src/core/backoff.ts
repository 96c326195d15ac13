import { StompConfigError } from "./errors";

/** Reconnect policy: exponential backoff with full jitter and a cap. */
export interface ReconnectOptions {
  /** First ceiling of the random delay, in ms. @default 1000 */
  initialDelay?: number;
  /** Cap of the delay, in ms. @default 30000 */
  maxDelay?: number;
  /** Growth of the ceiling per failed attempt. @default 2 */
  factor?: number;
  /** Lower bound of any delay, so a lucky draw never makes a hot loop. @default 100 */
  minDelay?: number;
  /** Consecutive failed attempts before the session gives up with status `failed`. @default Infinity */
  maxAttempts?: number;
}

export type ResolvedReconnect = Required<ReconnectOptions>;

export const defaultReconnect: ResolvedReconnect = {
  initialDelay: 1000,
  maxDelay: 30_000,
  factor: 2,
  minDelay: 100,
  maxAttempts: Number.POSITIVE_INFINITY,
};

export function resolveReconnect(options: ReconnectOptions | undefined): ResolvedReconnect {
  const r = { ...defaultReconnect, ...options };
  for (const key of ["initialDelay", "maxDelay", "factor", "minDelay"] as const) {
    if (!(r[key] >= 0) || !Number.isFinite(r[key])) {
      throw new StompConfigError(`reconnect.${key} must be a finite number >= 0, got ${String(r[key])}.`);
    }
  }
  if (!(r.maxAttempts >= 1)) throw new StompConfigError(`reconnect.maxAttempts must be >= 1.`);
  return r;
}

/**
 * Delay before retry number `failures` (1 = after the first failure): a uniform draw in
 * [minDelay, min(maxDelay, initialDelay·factor^(failures-1))] ("full jitter"), so clients that lost the
 * broker together do not come back together.
 */
export function backoffDelay(policy: ResolvedReconnect, failures: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelay, policy.initialDelay * policy.factor ** Math.max(0, failures - 1));
  const floor = Math.min(policy.minDelay, ceiling);
  return Math.round(floor + random() * (ceiling - floor));
}
