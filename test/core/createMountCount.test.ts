import { createMountCount } from "stompkit/core";

function counted() {
  const calls: string[] = [];
  const mounts = createMountCount({ start: () => calls.push("start"), stop: () => calls.push("stop") });
  return { calls, mounts };
}

const microtask = () => Promise.resolve();

describe("createMountCount", () => {
  it("does nothing until mounted", () => {
    const { calls, mounts } = counted();
    expect(calls).toEqual([]);
    expect(mounts.started).toBe(false);
    expect(mounts.count).toBe(0);
  });

  it("starts on the first mount only", () => {
    const { calls, mounts } = counted();
    mounts.mount();
    mounts.mount();
    expect(calls).toEqual(["start"]);
    expect(mounts.count).toBe(2);
    expect(mounts.started).toBe(true);
  });

  it("stops in a microtask after the last release, not before", async () => {
    const { calls, mounts } = counted();
    const a = mounts.mount();
    const b = mounts.mount();
    a();
    await microtask();
    expect(calls).toEqual(["start"]);
    b();
    expect(calls).toEqual(["start"]); // deferred
    expect(mounts.started).toBe(true);
    await microtask();
    expect(calls).toEqual(["start", "stop"]);
    expect(mounts.started).toBe(false);
  });

  it("keeps running when re-mounted in the same task (StrictMode mount → unmount → mount)", async () => {
    const { calls, mounts } = counted();
    mounts.mount()();
    mounts.mount();
    await microtask();
    expect(calls).toEqual(["start"]);
    expect(mounts.started).toBe(true);
  });

  it("starts again after a stop has run", async () => {
    const { calls, mounts } = counted();
    mounts.mount()();
    await microtask();
    mounts.mount();
    expect(calls).toEqual(["start", "stop", "start"]);
  });

  it("counts a release once however often it is called", async () => {
    const { calls, mounts } = counted();
    const a = mounts.mount();
    mounts.mount();
    a();
    a();
    await microtask();
    expect(mounts.count).toBe(1);
    expect(calls).toEqual(["start"]);
  });

  it("stops once when released, re-mounted and released again in one task", async () => {
    const { calls, mounts } = counted();
    mounts.mount()();
    mounts.mount()();
    await microtask();
    await microtask();
    expect(calls).toEqual(["start", "stop"]);
  });

  it("marks started before start() and stopped before stop() run", async () => {
    const seen: boolean[] = [];
    const mounts = createMountCount({
      start: () => seen.push(mounts.started),
      stop: () => seen.push(mounts.started),
    });
    mounts.mount()();
    await microtask();
    expect(seen).toEqual([true, false]);
  });

  it("defers the stop to a microtask that fake timers leave real", async () => {
    vi.useFakeTimers();
    try {
      const { calls, mounts } = counted();
      mounts.mount()();
      await microtask();
      expect(calls).toEqual(["start", "stop"]);
    } finally {
      vi.useRealTimers();
    }
  });
});
