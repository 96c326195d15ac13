import { nextFeedBase } from "../../src/chat/useFeedBase";
import { msg, range } from "./helpers";

// nextFeedBase is internal: the number of feed articles before the first loaded message, carried from
// one message list to the next, so aria-posinset (base + index + 1) survives the store's sliding window.
const list = (from: number, to: number) => range(from, to).map((n) => msg(n));

describe("nextFeedBase", () => {
  it("adds the messages dropped from the front of the window", () => {
    expect(nextFeedBase(list(0, 500), 0, list(16, 516))).toBe(16);
    expect(nextFeedBase(list(16, 516), 16, list(32, 532))).toBe(32);
  });

  it("keeps the base on an append and takes back older messages put in front (a history page)", () => {
    expect(nextFeedBase(list(10, 20), 10, list(10, 21))).toBe(10);
    expect(nextFeedBase(list(10, 20), 10, list(4, 20))).toBe(4);
  });

  it("never goes below 0: history older than anything seen numbers the feed from 1 again", () => {
    expect(nextFeedBase(list(10, 20), 3, list(0, 20))).toBe(0);
  });

  it("starts at 0 for an empty list or one that shares no message with the previous one", () => {
    expect(nextFeedBase([], 7, list(0, 3))).toBe(0);
    expect(nextFeedBase(list(0, 3), 7, [])).toBe(0);
    expect(nextFeedBase(list(0, 3), 7, list(100, 103))).toBe(0);
  });

  it("follows messages by their list key: a pending send keeps its client id when confirmed", () => {
    const pending = msg(5, { id: "c-5", clientId: "c-5", mine: true, status: "pending" });
    const confirmed = { ...pending, id: "s-5", status: "confirmed" as const };
    expect(nextFeedBase([pending, msg(6)], 2, [confirmed, msg(6), msg(7)])).toBe(2);
  });
});
