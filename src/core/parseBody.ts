import type { IMessage } from "@stomp/stompjs";

/** How a MESSAGE body becomes `message.body`: JSON (default), text, the raw frame, or a function. */
export type BodyParser<T> = "json" | "text" | "raw" | ((message: IMessage) => T);

const drop = new Set(["__proto__"]);

/**
 * JSON.parse that cannot pollute prototypes: `__proto__` keys are dropped while parsing, so the
 * result is safe to spread or merge. (`constructor`/`prototype` stay as plain data keys, which are
 * harmless in a fresh object literal.)
 */
export function safeJsonParse(text: string): unknown {
  // A reviver turns off V8's fast JSON path (about 2× slower): use it only when the key can be there,
  // spelled out or with \u escapes.
  if (!text.includes("__proto__") && !text.includes("\\u")) return JSON.parse(text);
  return JSON.parse(text, (key, value) => (drop.has(key) ? undefined : value));
}

export function parseBody<T>(parser: BodyParser<T>, message: IMessage): T {
  if (parser === "raw") return message as unknown as T;
  if (parser === "text") return message.body as unknown as T;
  if (parser === "json") return (message.body === "" ? undefined : safeJsonParse(message.body)) as T;
  return parser(message);
}
