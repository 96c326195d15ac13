import { ConnectionLostError, StompkitError } from "stompkit/core";
import {
  initialLifecycle,
  isCurrent,
  isLoaded,
  observe,
  statusOf,
  type ThreadEvent,
  type ThreadLifecycle,
  transition,
} from "../../../src/chat/core/threadLifecycle";

const e1 = new StompkitError("SUBSCRIPTION_ERROR", "first failure");
const e2 = new StompkitError("SUBSCRIPTION_ERROR", "second failure");

// Every state shape the lifecycle can be in, at run 3.
const states = {
  idle: { phase: "idle", run: 3, loaded: false },
  "idle, loaded": { phase: "idle", run: 3, loaded: true },
  "joining, waiting for link and page": { phase: "joining", run: 3, loaded: false, linkUp: false },
  "joining, waiting for the page": { phase: "joining", run: 3, loaded: false, linkUp: true },
  "joining, waiting for the link": { phase: "joining", run: 3, loaded: true, linkUp: false },
  live: { phase: "live", run: 3 },
  rejoining: { phase: "rejoining", run: 3 },
  "failed, never loaded": { phase: "failed", run: 3, loaded: false, wasLive: false, error: e1 },
  "failed, loaded": { phase: "failed", run: 3, loaded: true, wasLive: false, error: e1 },
  "failed, was live": { phase: "failed", run: 3, loaded: true, wasLive: true, error: e1 },
} satisfies Record<string, ThreadLifecycle>;

const events = {
  mount: { type: "mount" },
  unmount: { type: "unmount" },
  connected: { type: "connected" },
  "loaded (this run)": { type: "loaded", run: 3 },
  "loaded (an older run)": { type: "loaded", run: 2 },
  "link-up": { type: "link-up" },
  "link-down": { type: "link-down" },
  "link-failed (same error)": { type: "link-failed", error: e1 },
  "link-failed (another error)": { type: "link-failed", error: e2 },
} satisfies Record<string, ThreadEvent>;

type StateName = keyof typeof states;
type EventName = keyof typeof events;
const ignored = "ignored" as const;

// The whole table: every (state, event) pair. Record<…> makes a missing pair a type error.
const table: Record<StateName, Record<EventName, ThreadLifecycle | typeof ignored>> = {
  idle: {
    mount: { phase: "joining", run: 3, loaded: false, linkUp: false },
    unmount: ignored,
    connected: ignored,
    "loaded (this run)": ignored,
    "loaded (an older run)": ignored,
    "link-up": ignored,
    "link-down": ignored,
    "link-failed (same error)": ignored,
    "link-failed (another error)": ignored,
  },
  "idle, loaded": {
    mount: { phase: "joining", run: 3, loaded: true, linkUp: false },
    unmount: ignored,
    connected: ignored,
    "loaded (this run)": ignored,
    "loaded (an older run)": ignored,
    "link-up": ignored,
    "link-down": ignored,
    "link-failed (same error)": ignored,
    "link-failed (another error)": ignored,
  },
  "joining, waiting for link and page": {
    mount: ignored,
    unmount: { phase: "idle", run: 4, loaded: false },
    connected: { phase: "joining", run: 4, loaded: false, linkUp: false },
    "loaded (this run)": { phase: "joining", run: 3, loaded: true, linkUp: false },
    "loaded (an older run)": ignored,
    "link-up": { phase: "joining", run: 3, loaded: false, linkUp: true },
    "link-down": ignored,
    "link-failed (same error)": { phase: "failed", run: 3, loaded: false, wasLive: false, error: e1 },
    "link-failed (another error)": { phase: "failed", run: 3, loaded: false, wasLive: false, error: e2 },
  },
  "joining, waiting for the page": {
    mount: ignored,
    unmount: { phase: "idle", run: 4, loaded: false },
    connected: { phase: "joining", run: 4, loaded: false, linkUp: true },
    "loaded (this run)": { phase: "live", run: 3 },
    "loaded (an older run)": ignored,
    "link-up": ignored,
    "link-down": { phase: "joining", run: 3, loaded: false, linkUp: false },
    "link-failed (same error)": { phase: "failed", run: 3, loaded: false, wasLive: false, error: e1 },
    "link-failed (another error)": { phase: "failed", run: 3, loaded: false, wasLive: false, error: e2 },
  },
  "joining, waiting for the link": {
    mount: ignored,
    unmount: { phase: "idle", run: 4, loaded: true },
    connected: { phase: "joining", run: 4, loaded: true, linkUp: false },
    "loaded (this run)": ignored,
    "loaded (an older run)": ignored,
    "link-up": { phase: "live", run: 3 },
    "link-down": ignored,
    "link-failed (same error)": { phase: "failed", run: 3, loaded: true, wasLive: false, error: e1 },
    "link-failed (another error)": { phase: "failed", run: 3, loaded: true, wasLive: false, error: e2 },
  },
  live: {
    mount: ignored,
    unmount: { phase: "idle", run: 4, loaded: true },
    connected: { phase: "live", run: 4 },
    "loaded (this run)": ignored,
    "loaded (an older run)": ignored,
    "link-up": ignored,
    "link-down": { phase: "rejoining", run: 3 },
    "link-failed (same error)": { phase: "failed", run: 3, loaded: true, wasLive: true, error: e1 },
    "link-failed (another error)": { phase: "failed", run: 3, loaded: true, wasLive: true, error: e2 },
  },
  rejoining: {
    mount: ignored,
    unmount: { phase: "idle", run: 4, loaded: true },
    connected: { phase: "rejoining", run: 4 },
    "loaded (this run)": ignored,
    "loaded (an older run)": ignored,
    "link-up": { phase: "live", run: 3 },
    "link-down": ignored,
    "link-failed (same error)": { phase: "failed", run: 3, loaded: true, wasLive: true, error: e1 },
    "link-failed (another error)": { phase: "failed", run: 3, loaded: true, wasLive: true, error: e2 },
  },
  "failed, never loaded": {
    mount: ignored,
    unmount: { phase: "idle", run: 4, loaded: false },
    connected: { phase: "failed", run: 4, loaded: false, wasLive: false, error: e1 },
    "loaded (this run)": { phase: "failed", run: 3, loaded: true, wasLive: false, error: e1 },
    "loaded (an older run)": ignored,
    "link-up": { phase: "joining", run: 3, loaded: false, linkUp: true },
    "link-down": { phase: "joining", run: 3, loaded: false, linkUp: false },
    "link-failed (same error)": ignored,
    "link-failed (another error)": { phase: "failed", run: 3, loaded: false, wasLive: false, error: e2 },
  },
  "failed, loaded": {
    mount: ignored,
    unmount: { phase: "idle", run: 4, loaded: true },
    connected: { phase: "failed", run: 4, loaded: true, wasLive: false, error: e1 },
    "loaded (this run)": ignored,
    "loaded (an older run)": ignored,
    "link-up": { phase: "live", run: 3 },
    "link-down": { phase: "joining", run: 3, loaded: true, linkUp: false },
    "link-failed (same error)": ignored,
    "link-failed (another error)": { phase: "failed", run: 3, loaded: true, wasLive: false, error: e2 },
  },
  "failed, was live": {
    mount: ignored,
    unmount: { phase: "idle", run: 4, loaded: true },
    connected: { phase: "failed", run: 4, loaded: true, wasLive: true, error: e1 },
    "loaded (this run)": ignored,
    "loaded (an older run)": ignored,
    "link-up": { phase: "live", run: 3 },
    "link-down": { phase: "rejoining", run: 3 },
    "link-failed (same error)": ignored,
    "link-failed (another error)": { phase: "failed", run: 3, loaded: true, wasLive: true, error: e2 },
  },
};

const rows = (Object.keys(table) as StateName[]).flatMap((s) =>
  (Object.keys(table[s]) as EventName[]).map((e) => [s, e, table[s][e]] as const),
);

describe("threadLifecycle transition", () => {
  it("has a row for every (state, event) pair", () => {
    expect(rows).toHaveLength(Object.keys(states).length * Object.keys(events).length);
  });

  it.each(rows)("%s + %s", (stateName, eventName, expected) => {
    const state: ThreadLifecycle = states[stateName];
    const next = transition(state, events[eventName]);
    if (expected === ignored) expect(next).toBe(state);
    else {
      expect(next).toEqual(expected);
      expect(next).not.toBe(state);
    }
  });

  it("starts idle at run 0, nothing loaded", () => {
    expect(initialLifecycle).toEqual({ phase: "idle", run: 0, loaded: false });
  });

  it("goes idle → joining → live → rejoining → live → idle over a mount, a drop and a release", () => {
    const steps: ThreadEvent[] = [
      { type: "mount" },
      { type: "connected" },
      { type: "link-up" },
      { type: "loaded", run: 1 },
      { type: "link-down" },
      { type: "connected" },
      { type: "link-up" },
      { type: "unmount" },
    ];
    const phases: string[] = [];
    steps.reduce((state, event) => {
      const next = transition(state, event);
      phases.push(statusOf(next));
      return next;
    }, initialLifecycle);
    expect(phases).toEqual([
      "connecting",
      "connecting",
      "connecting",
      "ready",
      "reconnecting",
      "reconnecting",
      "ready",
      "idle",
    ]);
  });
});

describe("threadLifecycle statusOf", () => {
  it.each([
    [states.idle, "idle"],
    [states["joining, waiting for the page"], "connecting"],
    [states.live, "ready"],
    [states.rejoining, "reconnecting"],
    [states["failed, was live"], "error"],
  ] as const)("%o is %s", (state, status) => {
    expect(statusOf(state)).toBe(status);
  });
});

describe("threadLifecycle isLoaded and isCurrent", () => {
  it.each(Object.entries(states))("%s", (_, state: ThreadLifecycle) => {
    const loaded = state.phase === "live" || state.phase === "rejoining" || state.loaded;
    expect(isLoaded(state)).toBe(loaded);
    expect(isCurrent(state, 3)).toBe(state.phase !== "idle");
    expect(isCurrent(state, 2)).toBe(false);
  });
});

describe("threadLifecycle observe", () => {
  const lost = new ConnectionLostError(1006, "gone");
  const refused = new StompkitError("SUBSCRIPTION_ERROR", "refused");
  it.each([
    ["open", "ready", { type: "link-up" }],
    ["open", "pending", { type: "link-down" }],
    ["open", undefined, { type: "link-down" }],
    ["reconnecting", "ready", { type: "link-down" }],
    ["failed", "ready", { type: "link-failed", error: lost }],
    ["failed", undefined, { type: "link-failed", error: lost }],
    ["open", "error", { type: "link-failed", error: refused }],
    ["failed", "error", { type: "link-failed", error: refused }], // the topic's error wins
  ] as const)("connection %s, topic %s → %o", (connection, topic, event) => {
    const observed = observe(
      { status: connection, lastError: lost },
      topic === undefined ? undefined : { status: topic, error: topic === "error" ? refused : undefined },
    );
    expect(observed).toEqual(event);
  });
});
