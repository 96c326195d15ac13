// The UI store of one ChatThread.Root (no React): view state through actions, and the list's jump
// registered and unregistered (issue #16 part 4).
import { createChatUiStore } from "../../src/chat/createChatUiStore";

describe("createChatUiStore", () => {
  it("starts at the end with nothing expanded, and notifies only on a change", () => {
    const ui = createChatUiStore();
    const listener = vi.fn();
    ui.subscribe(listener);
    expect(ui.getState()).toEqual({ atEnd: true, leftAtKey: undefined, expanded: new Set() });
    expect(ui.getInitialState()).toBe(ui.getState());
    ui.setAtEnd(true, "m1"); // already at the end
    expect(listener).not.toHaveBeenCalled();
    ui.setAtEnd(false, "m3");
    expect(ui.getState()).toMatchObject({ atEnd: false, leftAtKey: "m3" });
    ui.setAtEnd(false, "m9"); // still away: keeps the key the reader left at
    expect(ui.getState().leftAtKey).toBe("m3");
    ui.setAtEnd(true, "m9");
    expect(ui.getState()).toMatchObject({ atEnd: true, leftAtKey: undefined });
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it("expand adds a key once, in a new set", () => {
    const ui = createChatUiStore();
    const listener = vi.fn();
    ui.subscribe(listener);
    const before = ui.getState().expanded;
    ui.expand("m1");
    ui.expand("m1");
    expect(listener).toHaveBeenCalledTimes(1);
    expect(ui.getState().expanded).not.toBe(before);
    expect([...ui.getState().expanded]).toEqual(["m1"]);
  });

  it("has no setState: readers cannot write into it", () => {
    expect("setState" in createChatUiStore()).toBe(false);
  });

  it("jumpToLatest calls the registered jump, and nothing once it is unregistered", () => {
    const ui = createChatUiStore();
    const listener = vi.fn();
    ui.subscribe(listener);
    ui.jumpToLatest(); // no list: a no-op
    const jump = vi.fn();
    const unregister = ui.registerJump(jump);
    ui.jumpToLatest();
    expect(jump).toHaveBeenCalledTimes(1);
    unregister();
    ui.jumpToLatest();
    expect(jump).toHaveBeenCalledTimes(1);
    expect(listener).not.toHaveBeenCalled(); // registering is not view state
  });

  it("a stale unregister does not remove the jump of the list mounted in its place", () => {
    const ui = createChatUiStore();
    const first = vi.fn();
    const second = vi.fn();
    const unregisterFirst = ui.registerJump(first);
    const unregisterSecond = ui.registerJump(second); // the new list's effect ran before the old cleanup
    unregisterFirst();
    ui.jumpToLatest();
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    unregisterSecond();
    unregisterSecond(); // twice is a no-op
    ui.jumpToLatest();
    expect(second).toHaveBeenCalledTimes(1);
  });
});
