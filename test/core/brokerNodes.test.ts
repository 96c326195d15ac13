// The node rotation behind a brokerURL list: per-node backoff, next node on failure, working node first
// after a connect. Pure: a hand-driven clock and a fixed random draw.
import { backoffDelay, StompConfigError } from "stompkit/core";
import { resolveReconnect } from "../../src/core/backoff";
import { createBrokerNodes, maskURL, validateBrokerURL } from "../../src/core/brokerNodes";

const policy = resolveReconnect({ initialDelay: 1000, maxDelay: 8000, minDelay: 0 });
const half = () => 0.5;
const A = "ws://a.example:15674/ws";
const B = "ws://b.example:15674/ws";
const C = "ws://c.example:15674/ws";

function rig(option: Parameters<typeof createBrokerNodes>[0]) {
  let t = 1_000_000;
  const nodes = createBrokerNodes(option, () => t);
  return { nodes, advance: (ms: number) => void (t += ms), now: () => t };
}

describe("brokerURL list: node rotation", () => {
  it("tries the next node at once when the current one fails, and backs the failed one off on its own", () => {
    const { nodes } = rig([A, B, C]);
    expect(nodes.multi).toBe(true);
    expect(nodes.pickNow(1)).toBe(A);
    nodes.began(A);
    expect(nodes.next(1, policy, 0, half)).toEqual({ url: B, delay: 0 }); // B never failed: at once
    nodes.began(B);
    expect(nodes.next(2, policy, 0, half)).toEqual({ url: C, delay: 0 });
    nodes.began(C);
    // every node failed once: the one ready soonest (A, failed first) after its own delay (500 of 1000)
    const plan = nodes.next(3, policy, 0, half);
    expect(plan.url).toBe(A);
    expect(plan.delay).toBe(500);
  });

  it("does not hammer a dead node: its delay grows with its own failures while a healthy node is used at once", () => {
    const { nodes, advance } = rig([A, B]);
    const delaysOfA: number[] = [];
    nodes.began(nodes.pickNow(1)); // A
    for (let failed = 1; failed <= 8; failed++) {
      const plan = nodes.next(failed, policy, 0, half);
      if (plan.url === A) delaysOfA.push(plan.delay);
      advance(plan.delay);
      nodes.began(plan.url);
    }
    // A and B alternate once both failed; each waits out its own growing backoff (500, 1000, 2000, 4000 ms
    // from its own failure: the other node's attempt overlaps part of it)
    const snapshot = nodes.snapshot();
    expect(snapshot.map((s) => s.tries)).toEqual([5, 4]); // the first attempt + 8 retries
    expect(Math.max(...delaysOfA)).toBeGreaterThan(0);
    expect(delaysOfA.every((d, i) => i === 0 || d >= delaysOfA[i - 1]!)).toBe(true);
  });

  it("after a connect, forgets every backoff and puts the working node first", () => {
    const { nodes } = rig([A, B, C]);
    nodes.began(nodes.pickNow(1)); // A fails
    nodes.began(nodes.next(1, policy, 0, half).url); // B…
    nodes.succeeded(); // …opens
    expect(nodes.current).toBe(B);
    expect(nodes.snapshot()).toEqual([{ url: B, tries: 0, readyAt: 0 }]);
    // B drops: A (which failed before the connect) is tried at once, then C, then B after its backoff
    expect(nodes.next(0, policy, 0, half)).toEqual({ url: A, delay: 0 });
    nodes.began(A);
    expect(nodes.next(1, policy, 0, half)).toEqual({ url: C, delay: 0 });
    nodes.began(C);
    expect(nodes.next(2, policy, 0, half).url).toBe(B);
    // C opens: an immediate reconnect (reconnect(), a wake-up) stays on the working node
    nodes.succeeded();
    expect(nodes.pickNow(1)).toBe(C);
  });

  it("a single URL keeps the session's plain backoff: backoffDelay(max(1, attempt) + flaps)", () => {
    const { nodes } = rig(A);
    expect(nodes.multi).toBe(false);
    nodes.began(nodes.pickNow(1));
    for (const [failed, flaps] of [
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 2],
    ] as const) {
      expect(nodes.next(failed, policy, flaps, half)).toEqual({
        url: A,
        delay: backoffDelay(policy, Math.max(1, failed) + flaps, half),
      });
    }
  });

  it("calls a function option with the attempt number, and backs off per returned URL", () => {
    const fn = vi.fn((attempt: number) => (attempt % 2 ? A : B));
    const { nodes, advance } = rig(fn);
    expect(nodes.multi).toBe(true);
    expect(nodes.pickNow(1)).toBe(A);
    nodes.began(A);
    expect(nodes.next(1, policy, 0, half)).toEqual({ url: B, delay: 0 });
    expect(fn.mock.calls.map((c) => c[0])).toEqual([1, 2]);
    nodes.began(B);
    const plan = nodes.next(2, policy, 0, half); // attempt 3 → A, which failed 0 ms ago: wait for it
    expect(plan).toEqual({ url: A, delay: 500 });
    advance(500);
    expect(nodes.next(2, policy, 0, half).delay).toBeLessThanOrEqual(500);
  });

  it("rejects a function result that is not a URL with a StompConfigError", () => {
    for (const bad of ["", "ws://x\r\nEvil: 1", 42, undefined, null]) {
      const { nodes } = rig(() => bad as unknown as string);
      expect(() => nodes.pickNow(1)).toThrow(StompConfigError);
    }
  });
});

describe("brokerURL validation and masking", () => {
  it("accepts a URL, a list and a function; rejects empty lists, blanks, CR/LF/NUL, duplicates and non-strings", () => {
    expect(validateBrokerURL(A)).toBe(A);
    expect(validateBrokerURL([A, B])).toEqual([A, B]);
    const fn = () => A;
    expect(validateBrokerURL(fn)).toBe(fn);
    expect(validateBrokerURL(undefined)).toBeUndefined();
    for (const bad of [[], [""], [" "], [A, A], [A, 3], ["ws://a\n"], ["ws://a\0"], 42, {}, null, ""]) {
      expect(() => validateBrokerURL(bad)).toThrow(StompConfigError);
    }
  });

  it("masks passwords in the authority and credential query parameters", () => {
    expect(maskURL("wss://bob:s3cret@mq.example/ws")).toBe("wss://bob:***@mq.example/ws");
    expect(maskURL("wss://mq.example/ws?token=abc&room=1&passcode=p")).toBe(
      "wss://mq.example/ws?token=***&room=1&passcode=***",
    );
    expect(maskURL("wss://mq.example/ws?access_token=x#frag")).toBe("wss://mq.example/ws?access_token=***#frag");
    expect(maskURL(A)).toBe(A);
  });
});
