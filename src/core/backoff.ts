import { checkNumber } from "./errors";

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

/**
 * "Healthy": a connection that has stayed open this long after CONNECTED. Only then is the backoff
 * reset, so a broker that accepts and drops (or errors) at once on every connect gets growing delays
 * and, with `maxAttempts`, a final `failed`: never a loop.
 */
export const HEALTHY_AFTER_MS = 5000;

/** The smallest `minDelay` accepted: at most 100 attempts per second, however the policy is set. */
export const MIN_RECONNECT_DELAY = 10;

/**
 * Validates a policy: every number finite, `factor >= 1` (a shrinking delay is a hot loop),
 * `minDelay >= 10` ms, `maxAttempts` a whole number >= 1 (or `Infinity`). `maxDelay` and
 * `initialDelay` below `minDelay` are allowed: `minDelay` wins, it is a floor for every delay.
 */
export function resolveReconnect(options: ReconnectOptions | undefined): ResolvedReconnect {
  const r = { ...defaultReconnect, ...options };
  checkNumber("reconnect.initialDelay", r.initialDelay, 0);
  checkNumber("reconnect.maxDelay", r.maxDelay, 0);
  checkNumber("reconnect.factor", r.factor, 1); // a shrinking delay is a hot loop
  checkNumber("reconnect.minDelay", r.minDelay, MIN_RECONNECT_DELAY);
  if (r.maxAttempts !== Number.POSITIVE_INFINITY)
    checkNumber("reconnect.maxAttempts", r.maxAttempts, 1, true);
  return r;
}

/**
 * Delay before retry number `failures` (1 = after the first failure): a uniform draw in
 * [minDelay, max(minDelay, min(maxDelay, initialDelay·factor^(failures-1)))] ("full jitter" above a
 * floor), so clients that lost the broker together do not come back together, and no policy can go
 * below `minDelay`.
 */
export function backoffDelay(policy: ResolvedReconnect, failures: number, random: () => number): number {
  const growth = policy.initialDelay * policy.factor ** Math.max(0, failures - 1);
  const floor = Math.max(policy.minDelay, MIN_RECONNECT_DELAY);
  const ceiling = Math.max(
    floor,
    Math.min(policy.maxDelay, Number.isFinite(growth) ? growth : policy.maxDelay),
  );
  const draw = Math.min(1, Math.max(0, random()));
  return Math.round(floor + (Number.isNaN(draw) ? 0 : draw) * (ceiling - floor));
}
