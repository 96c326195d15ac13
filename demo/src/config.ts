/** How `npm start` runs the demo: on the embedded dev server, or on a plain broker (`--broker`). */
export interface DemoConfig {
  mode: "dev-server" | "broker";
  url: string;
  login?: string;
  passcode?: string;
}

const env = import.meta.env as Record<string, string | undefined>;

export const config: DemoConfig = {
  mode: env.VITE_STOMPKIT_MODE === "broker" ? "broker" : "dev-server",
  url: env.VITE_STOMPKIT_URL ?? "ws://127.0.0.1:15690/ws",
  login: env.VITE_STOMPKIT_LOGIN,
  passcode: env.VITE_STOMPKIT_PASSCODE,
};

export interface DemoThread {
  id: string;
  name: string;
}

/** On a plain broker there is no server to list threads: the demo's fixed rooms. */
export const brokerThreads: DemoThread[] = [
  { id: "general", name: "General" },
  { id: "random", name: "Random" },
  { id: "support", name: "Support" },
];

/** The dev server's fault controls (proxied by Vite to the dev server, loopback only). */
export async function devControl(action: "drop" | "pause" | "resume"): Promise<void> {
  const res = await fetch(`/_dev/${action}`, { method: "POST", headers: { "x-stompkit-dev": "1" } });
  if (!res.ok) throw new Error(`${action}: HTTP ${res.status}`);
}

export async function fetchThreads(): Promise<DemoThread[]> {
  if (config.mode === "broker") return brokerThreads;
  const res = await fetch("/_dev/threads", { headers: { "x-stompkit-dev": "1" } });
  if (!res.ok) throw new Error(`threads: HTTP ${res.status}`);
  return (await res.json()) as DemoThread[];
}
