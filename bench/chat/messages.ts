// The bench's chat thread: the same variable-height messages for every list (author, time, 3–62
// words), generated from the index alone so the Node server and every page agree without a file.

export interface BenchMessage {
  /** `m<index>`: the same id in every list, found again with `[data-message-id]`. */
  id: string;
  author: string;
  /** ms since the epoch; one message every 15 s. */
  createdAt: number;
  text: string;
}

const AUTHORS = ["Alice", "Bob", "Chandra", "Dmitri", "Elif", "Farah", "Gustavo", "Hana"];
const WORDS = (
  "the a deploy is green again can you look at this build failed on main before lunch okay sounds good " +
  "thanks I will ship it tomorrow after the review meeting please check the logs latency went up since " +
  "Tuesday rollback done coffee anyone new dashboard numbers look odd let me know when ready merged"
).split(" ");
const BASE_TIME = Date.UTC(2026, 10, 1, 8, 0, 0);

/** mulberry32, seeded per message: message `i` is the same everywhere. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Message number `i` of the thread (0 = oldest). */
export function benchMessage(i: number): BenchMessage {
  const rnd = random(Math.imul(i + 1, 2654435761));
  const count = 3 + Math.floor(rnd() * 60); // 3–62 words
  const words: string[] = [];
  for (let w = 0; w < count; w++) words.push(WORDS[Math.floor(rnd() * WORDS.length)]!);
  const text = words.join(" ");
  return {
    id: `m${i}`,
    author: AUTHORS[Math.floor(rnd() * AUTHORS.length)]!,
    createdAt: BASE_TIME + i * 15_000,
    text: text.charAt(0).toUpperCase() + text.slice(1),
  };
}

/** Messages `from` … `to - 1`. */
export function benchMessages(from: number, to: number): BenchMessage[] {
  const out: BenchMessage[] = [];
  for (let i = from; i < to; i++) out.push(benchMessage(i));
  return out;
}
