import type { Clock } from "stompkit/core";
import type { TabBus, TabEnvironment } from "./tabBus";

export type TabRole = "leader" | "follower";

export interface TabElectionOptions {
  bus: TabBus;
  env: TabEnvironment;
  /** The Web Lock's name: one leader per name. */
  lockName: string;
  clock: Clock;
  /** Leader beat period, in ms. @default 500 */
  beatMs?: number;
  /** A leader silent this long is taken over (a frozen or throttled tab). @default 2500 */
  silentMs?: number;
  /** Said in this tab's beats while it follows: it shares the leader's session (the next leader waits for it). */
  shares?: () => boolean;
  /** This tab became leader or follower. */
  onRole(role: TabRole): void;
  /** A (new) leader announced itself to this follower. */
  onLeader(leaderId: string): void;
}

/**
 * One leader among the tabs of a name: the tab holding the Web Lock. The others queue for it, so the
 * browser hands it on the moment the leader's tab closes or its renderer dies. The leader beats on
 * the channel; a leader silent for `silentMs` (frozen by the browser, throttled to death) is taken
 * over with `steal`, and a leader that finds its own clock jumped past `silentMs` (it was frozen) steps
 * down and queues again, so a woken leader never acts on a lock it may have lost. `mayAct()` is what
 * its socket checks before each send.
 */
export function createTabElection(options: TabElectionOptions) {
  const { bus, env, lockName, clock, onRole, onLeader } = options;
  const beatMs = options.beatMs ?? 500;
  const silentMs = options.silentMs ?? 2500;
  let role: TabRole = "follower";
  let stopped = false;
  let release: (() => void) | undefined; // ends the held lock's callback
  let queued: AbortController | undefined; // the pending (queued) lock request, its token
  let epoch = 0;
  let leader: { id: string; epoch: number; at: number } | undefined;
  let lastTick = clock.now();
  let timer: unknown;
  let stealing = false;
  let stealTimer: unknown;

  const become = (next: TabRole) => {
    if (role === next) return;
    role = next;
    onRole(next);
  };

  let holding: object | undefined; // the request whose callback holds the lock now

  /** Runs while this tab holds the lock (request `token`); resolving it releases the lock. */
  const hold = (token: object) =>
    new Promise<void>((resolve) => {
      if (stopped) return resolve();
      holding = token;
      release = resolve;
      epoch = clock.now();
      lastTick = clock.now();
      become("leader");
      beat();
    });

  /** A request ended: released by us, stolen from us, or aborted while queued. */
  const ended = (token: object) => {
    if (queued === token) queued = undefined;
    if (holding === token) {
      holding = undefined;
      release = undefined;
      if (role === "leader") become("follower");
    }
    if (!holding && !queued && !stealing) queueMicrotask(queue);
  };

  const request = (token: AbortController, steal: boolean) => {
    const opts = steal
      ? { mode: "exclusive" as const, steal: true }
      : { mode: "exclusive" as const, signal: token.signal };
    void env.locks
      .request(lockName, opts, () => {
        if (queued === token) queued = undefined;
        if (steal) stealing = false;
        return hold(token);
      })
      .then(
        () => ended(token),
        () => {
          if (steal) stealing = false;
          ended(token);
        },
      );
  };

  /** Queue for the lock (the browser grants it when the holder goes). */
  const queue = () => {
    if (stopped || queued || holding || stealing) return;
    const token = new AbortController();
    queued = token;
    request(token, false);
  };

  const stepDown = () => {
    const end = release;
    release = undefined;
    if (role === "leader") become("follower");
    end?.(); // resolves the lock callback: the browser passes the lock on
  };

  const steal = () => {
    if (stopped || stealing || holding) return;
    stealing = true;
    queued?.abort(); // our place in the queue: we are about to hold the lock instead
    queued = undefined;
    request(new AbortController(), true);
  };

  /** Every tab beats (the leader drops the links of tabs that go silent); the leader's beat says so. */
  const beat = () =>
    bus.post({
      k: "beat",
      from: bus.tabId,
      leader: role === "leader",
      epoch,
      shares: role === "follower" && (options.shares?.() ?? false),
    });

  const tick = () => {
    const now = clock.now();
    const frozen = now - lastTick > silentMs;
    lastTick = now;
    if (frozen) {
      // Woke from a freeze: a leader's lock may be someone else's by now, and what this tab knows
      // of the others is stale. Step down, and give the others a whole silence window to be heard.
      stepDown();
      leader = { id: "", epoch: 0, at: now };
    }
    beat();
    if (role === "follower" && (!leader || now - leader.at > silentMs) && !stealTimer) {
      // No live leader: its tab is frozen, or gone without the browser noticing yet. One random
      // wait first, so that several followers rarely steal at once (the last steal wins anyway).
      stealTimer = clock.setTimeout(
        () => {
          stealTimer = undefined;
          if (!stopped && role === "follower" && (!leader || clock.now() - leader.at > silentMs)) steal();
        },
        Math.floor(clock.random() * beatMs),
      );
    }
    timer = clock.setTimeout(tick, beatMs);
  };

  const off = bus.on((message) => {
    if (message.k !== "beat" || !message.leader) return;
    const fresh = !leader || leader.id !== message.from || leader.epoch !== message.epoch;
    if (leader && leader.id !== message.from && message.epoch < leader.epoch) return; // an older leader
    leader = { id: message.from, epoch: message.epoch, at: clock.now() };
    if (role === "leader" && message.from !== bus.tabId && message.epoch > epoch) stepDown(); // a newer one took over
    if (fresh && role === "follower") onLeader(message.from);
  });
  const offLifecycle = env.onLifecycle?.((event) => {
    if (event === "freeze") stepDown();
    else lastTick = clock.now();
  });

  return {
    start() {
      lastTick = clock.now();
      queue();
      // Followers wait a whole silence window before they may steal: a leader's first beat arrives first.
      leader = { id: "", epoch: 0, at: clock.now() };
      timer = clock.setTimeout(tick, beatMs);
    },
    get role() {
      return role;
    },
    /** The leader this follower last heard from. */
    get leaderId() {
      return leader?.id || undefined;
    },
    /** True while this tab may use its socket: it leads and its clock did not jump (no freeze). */
    mayAct() {
      if (role !== "leader") return false;
      if (clock.now() - lastTick > silentMs) {
        stepDown();
        return false;
      }
      return true;
    },
    stop() {
      stopped = true;
      off();
      offLifecycle?.();
      clock.clearTimeout(timer);
      if (stealTimer) clock.clearTimeout(stealTimer);
      queued?.abort();
      queued = undefined;
      stepDown();
    },
  };
}

export type TabElection = ReturnType<typeof createTabElection>;
