import { render } from "@testing-library/react";
import { type ReactElement, StrictMode } from "react";
import type { ChatMessageData, ChatThreadResult } from "stompkit/chat";

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

/** A message as the store produces it; `n` sets id, time (one minute apart) and text. */
export function msg(n: number, over: Partial<ChatMessageData> = {}): ChatMessageData {
  const createdAt = over.createdAt ?? T0 + n * 60_000;
  return {
    id: `m${n}`,
    type: "TEXT",
    body: `message ${n}`,
    user: { name: "bob" },
    createdTime: new Date(createdAt).toISOString(),
    createdAt,
    status: "confirmed",
    mine: false,
    ...over,
  };
}

export const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** A `useChatThread` result built by hand, with spy actions. */
export function chatOf(over: Partial<ChatThreadResult> = {}): ChatThreadResult {
  return {
    messages: [],
    status: "ready",
    hasOlder: false,
    loadingOlder: false,
    typing: [],
    missed: 0,
    user: "alice",
    error: undefined,
    send: vi.fn(async (text: string) => msg(0, { body: text, mine: true })),
    retry: vi.fn(async (id: string) => msg(0, { id, mine: true })),
    loadOlder: vi.fn(async () => {}),
    keystrokes: vi.fn(),
    ...over,
  };
}

/** Renders under StrictMode, as React does in development; `rerender` keeps StrictMode. */
export function renderStrict(ui: ReactElement) {
  const result = render(<StrictMode>{ui}</StrictMode>);
  return { ...result, rerender: (next: ReactElement) => result.rerender(<StrictMode>{next}</StrictMode>) };
}

/**
 * Records `new Intl.DateTimeFormat(...)` calls and still hands out real formatters (a `vi.spyOn` of the
 * constructor makes objects without the internal slots `format` needs). Restored when the test ends.
 */
export function spyOnDateTimeFormat() {
  const Real = Intl.DateTimeFormat;
  const calls: ConstructorParameters<typeof Intl.DateTimeFormat>[] = [];
  const recording = new Proxy(Real, {
    construct(target, args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      calls.push(args);
      return Reflect.construct(target, args);
    },
  });
  Intl.DateTimeFormat = recording;
  onTestFinished(() => {
    Intl.DateTimeFormat = Real;
  });
  return {
    mock: { calls },
    mockClear: () => {
      calls.length = 0;
    },
  };
}
