/** A tiny typed event fan-out. A listener that throws never stops the others. */
export function createEmitter<Events extends Record<string, unknown[]>>(
  onListenerError: (error: unknown) => void,
) {
  type AnyListener = (...args: unknown[]) => void;
  const listeners = new Map<keyof Events, Set<AnyListener>>();
  return {
    on<K extends keyof Events>(event: K, listener: (...args: Events[K]) => void): () => void {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener as unknown as AnyListener);
      return () => {
        set.delete(listener as unknown as AnyListener);
      };
    },
    emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
      const set = listeners.get(event);
      if (!set) return;
      for (const listener of [...set]) {
        try {
          listener(...(args as unknown[]));
        } catch (error) {
          onListenerError(error);
        }
      }
    },
  };
}
