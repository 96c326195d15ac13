import type { IMessage } from "@stomp/stompjs";

/** How a MESSAGE body becomes `message.body`: JSON (default), text, the raw frame, or a function. */
export type BodyParser<T> = "json" | "text" | "raw" | ((message: IMessage) => T);

/**
 * JSON.parse that cannot pollute prototypes, as fastify's secure-json-parse does (its `remove` mode):
 * `__proto__` keys are dropped, and so is a `constructor` key whose value holds a `prototype` key
 * (`{"constructor":{"prototype":{…}}}`), so the result is safe to spread, merge or `Object.assign`.
 * A plain `constructor` value (`{"constructor":"x"}`) is kept: it is data.
 */
export function safeJsonParse(text: string): unknown {
  // A reviver turns off V8's fast JSON path (about 2× slower): use it only when one of the keys can
  // be there, spelled out or with \u escapes (JSON.parse decodes those before the reviver sees them).
  if (!text.includes("__proto__") && !text.includes("prototype") && !text.includes("\\u"))
    return JSON.parse(text);
  return JSON.parse(text, (key, value) => {
    if (key === "__proto__") return undefined;
    if (
      key === "constructor" &&
      typeof value === "object" &&
      value !== null &&
      Object.hasOwn(value, "prototype")
    )
      return undefined;
    return value;
  });
}

export function parseBody<T>(parser: BodyParser<T>, message: IMessage): T {
  if (parser === "raw") return message as unknown as T;
  if (parser === "text") return message.body as unknown as T;
  if (parser === "json") return (message.body === "" ? undefined : safeJsonParse(message.body)) as T;
  return parser(message);
}
