import type { SeedMessage } from "stompkit/testing";

/**
 * The `--seed` file: threads with their history, oldest message first.
 *
 * @example
 * { "threads": [ { "id": "general", "name": "General", "messages": [
 *     { "user": "ada", "body": "Hello", "createdTime": "2026-01-01T09:00:00Z" }, "Plain text from seed" ] } ] }
 */
export interface DevSeed {
  threads: Array<{ id: string; name?: string; messages?: SeedMessage[] }>;
}

/** A seed or data file that is not what its format says. */
export class DevServerConfigError extends Error {
  override name = "DevServerConfigError";
}

const THREAD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks a parsed seed file; throws `DevServerConfigError` naming the first bad field. */
export function parseSeed(value: unknown, source = "seed"): DevSeed {
  const fail = (what: string): never => {
    throw new DevServerConfigError(`${source}: ${what}`);
  };
  if (typeof value !== "object" || value === null || !Array.isArray((value as DevSeed).threads))
    fail('expected { "threads": [ … ] }');
  const threads = (value as DevSeed).threads;
  threads.forEach((t, i) => {
    if (typeof t !== "object" || t === null) fail(`threads[${i}] is not an object`);
    if (typeof t.id !== "string" || !THREAD_ID.test(t.id))
      fail(`threads[${i}].id must be 1–64 letters, digits, "_" or "-"`);
    if (t.name !== undefined && typeof t.name !== "string") fail(`threads[${i}].name must be a string`);
    if (t.messages !== undefined && !Array.isArray(t.messages))
      fail(`threads[${i}].messages must be an array`);
    (t.messages ?? []).forEach((m, j) => {
      const where = `threads[${i}].messages[${j}]`;
      if (typeof m === "string") return;
      if (typeof m !== "object" || m === null || typeof m.body !== "string")
        fail(`${where} must be a string or { "body": "…" }`);
      if (m.user !== undefined && typeof m.user !== "string") fail(`${where}.user must be a string`);
      if (m.createdTime !== undefined && Number.isNaN(new Date(m.createdTime).getTime()))
        fail(`${where}.createdTime is not a date`);
    });
  });
  return { threads };
}

/** What a first run shows: three threads, two with a short history. */
export const defaultSeed: DevSeed = {
  threads: [
    {
      id: "general",
      name: "General",
      messages: [
        { user: "ada", body: "Welcome to the stompkit demo 👋" },
        { user: "grace", body: "Open this page in a second window and chat between them." },
        { user: "ada", body: "Try **Drop connection**: messages you send meanwhile arrive once, in order." },
        {
          user: "grace",
          body: "The Inspector button opens the protocol inspector: every frame on the wire, secrets masked.",
        },
      ],
    },
    {
      id: "random",
      name: "Random",
      messages: [
        { user: "linus", body: "Anyone tried this against RabbitMQ Web-STOMP?" },
        { user: "ada", body: "npm start -- --broker ws://127.0.0.1:15674/ws" },
      ],
    },
    { id: "support", name: "Support", messages: [] },
  ],
};
