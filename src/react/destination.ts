declare const message: unique symbol;

/**
 * A destination string that carries the type of its messages, so `useSubscription(prices, { select })`
 * infers both the message type and what `select` returns — no type arguments at all.
 */
export type Destination<T> = string & { readonly [message]?: T };

/**
 * Names a destination together with its message type (a type-only tag: at runtime it is the string).
 *
 * @example
 * const ticks = destination<Tick>('/topic/ticks')
 * const price = useSubscription(ticks, { select: (s) => s.last?.body.price }) // number | undefined
 */
export function destination<T>(path: string): Destination<T> {
  return path as Destination<T>;
}
