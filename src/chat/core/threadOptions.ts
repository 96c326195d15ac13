import { DEV, StompConfigError } from "stompkit/core";
import { checkThreadId, resolveChatProfile } from "./profiles";
import type { ChatThreadOptions } from "./types";

const int = (name: string, value: number | undefined, fallback: number, min: number) => {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min)
    throw new StompConfigError(
      DEV && `createChatThreadStore: ${name} must be an integer >= ${min}, got ${String(value)}.`,
    );
  return v;
};

/**
 * `createChatThreadStore`'s options checked and defaulted: a bad value is a `StompConfigError` at
 * creation, never a store that misbehaves later. The window holds at least two pages.
 */
export function resolveThreadOptions(options: ChatThreadOptions) {
  const pageSize = int("pageSize", options.pageSize, 25, 1);
  if (options.loadHistory !== undefined && typeof options.loadHistory !== "function")
    throw new StompConfigError(DEV && "createChatThreadStore: loadHistory must be a function.");
  const windowSize = Math.max(int("window", options.window, 500, 1), pageSize * 2);
  return {
    thread: checkThreadId(options.thread),
    profile: resolveChatProfile(options.profile),
    pageSize,
    windowSize,
    holdLimit: Math.max(int("holdLimit", options.holdLimit, windowSize * 10, 1), windowSize),
    sendTimeout: int("sendTimeout", options.sendTimeout, 10_000, 1),
    relayTimeout: int("relayTimeout", options.relayTimeout, 10_000, 0),
    maxLength: int("maxLength", options.maxLength, 20_000, 1),
  };
}
