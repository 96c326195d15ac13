import { DEV } from "./dev";
import { StompConfigError } from "./errors";

/** Throws `StompConfigError` unless `value` is a finite number >= `min` (an integer when asked). */
export function checkNumber(name: string, value: unknown, min: number, integer = false): number {
  if (typeof value !== "number" || !(value >= min) || !Number.isFinite(value) || (integer && value % 1))
    throw new StompConfigError(
      DEV && `${name} must be a finite ${integer ? "integer" : "number"} >= ${min}, got ${String(value)}`,
    );
  return value;
}
