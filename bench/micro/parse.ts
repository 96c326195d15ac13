// What one inbound MESSAGE frame costs to parse, twice: stompkit's frame guard (src/core/frameGuard.ts,
// which walks the frame before stompjs sees it) and @stomp/stompjs's own Parser, on the chat bench's
// frame shape (a stompx-1 `thread.message.created`, ~440 chars). Run by bench/micro/parse.mjs in Node
// and in Chromium. Issue 14's "one parse per byte" lever can save at most the smaller of the two.
import { Parser } from "@stomp/stompjs";
import { createFrameChecker } from "../../src/core/frameGuard";

const body = JSON.stringify({
  type: "thread.message.created",
  version: "v1",
  resource: { id: "m1", type: "TEXT", body: "x".repeat(150), user: { name: "bob", displayName: "Bob" } },
});
const frame = `MESSAGE\nsubscription:sub-0\nmessage-id:T_sub-0@@session-abc@@123\ndestination:/topic/v1/threads/bench.messages\nack:T_sub-0@@session-abc@@123\ncontent-type:application/json\ncontent-length:${new TextEncoder().encode(body).length}\n\n${body}\0`;

/** Median µs per frame over `rounds` rounds of `n` frames, guard and parser alternating. */
export function measure(n = 100_000, rounds = 5) {
  const guard: number[] = [];
  const parser: number[] = [];
  let frames = 0;
  for (let r = 0; r < rounds; r++) {
    const checker = createFrameChecker(1 << 20);
    let t = performance.now();
    for (let i = 0; i < n; i++) if (checker.check(frame) !== true) throw new Error("guard refused the frame");
    guard.push(((performance.now() - t) * 1000) / n);
    const p = new Parser(
      () => frames++,
      () => {},
    );
    t = performance.now();
    for (let i = 0; i < n; i++) p.parseChunk(frame);
    parser.push(((performance.now() - t) * 1000) / n);
  }
  if (frames !== n * rounds) throw new Error(`stompjs parsed ${frames} frames, expected ${n * rounds}`);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { frameChars: frame.length, guardUs: median(guard), parserUs: median(parser) };
}
