/** The parts of `window` a session listens to; injectable for tests and non-browser hosts. */
export interface SessionEnvironment {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
  navigator?: { onLine?: boolean };
  document?: {
    visibilityState?: string;
    addEventListener(type: string, listener: () => void): void;
    removeEventListener(type: string, listener: () => void): void;
  };
}

/** `window` in a browser, nothing on a server. Read lazily: importing stompkit touches no global. */
export function defaultEnvironment(): SessionEnvironment | undefined {
  const w = (globalThis as { window?: SessionEnvironment }).window;
  return w && typeof w.addEventListener === "function" ? w : undefined;
}

/**
 * Calls `wake` when the browser says the network is back or the page became visible again, and
 * `sleep` when it goes offline. Returns the cleanup.
 */
export function listenForWakeups(
  env: SessionEnvironment,
  handlers: { wake: (why: "online" | "visible") => void; offline: () => void },
): () => void {
  const online = () => handlers.wake("online");
  const offline = () => handlers.offline();
  const visibility = () => {
    if (env.document?.visibilityState === "visible") handlers.wake("visible");
  };
  env.addEventListener("online", online);
  env.addEventListener("offline", offline);
  env.document?.addEventListener("visibilitychange", visibility);
  return () => {
    env.removeEventListener("online", online);
    env.removeEventListener("offline", offline);
    env.document?.removeEventListener("visibilitychange", visibility);
  };
}
