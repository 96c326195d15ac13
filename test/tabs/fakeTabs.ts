// Browser tabs of one origin for tab-sharing tests: a BroadcastChannel (structured clone, delivered on
// a microtask to every other open channel of the name) and Web Locks (exclusive, queued, `steal`,
// `signal`), per tab, with what a browser does to a tab: close it, kill its renderer, freeze it.
import type { Clock } from "stompkit/core";
import type { TabEnvironment, TabLockOptions } from "stompkit/tabs";

type Channel = {
  tab: FakeTab;
  name: string;
  onmessage: ((e: { data: unknown }) => void) | null;
  open: boolean;
};
type Request = {
  tab: FakeTab;
  callback: () => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
};

const abortError = () => Object.assign(new Error("The request was aborted."), { name: "AbortError" });

export function createFakeTabs(clock: {
  now(): number;
  setTimeout: Clock["setTimeout"];
  clearTimeout: Clock["clearTimeout"];
}) {
  const channels = new Set<Channel>();
  const holders = new Map<string, Request>();
  const queues = new Map<string, Request[]>();
  /** Every message posted on any channel (what crossed between tabs). */
  const posted: unknown[] = [];

  const grant = (name: string) => {
    if (holders.has(name)) return;
    const next = queues.get(name)?.shift();
    if (!next) return;
    holders.set(name, next);
    queueMicrotask(() => {
      if (holders.get(name) !== next) return;
      next.callback().then(
        (v) => {
          if (holders.get(name) !== next) return; // stolen meanwhile: that request already failed
          holders.delete(name);
          next.resolve(v);
          grant(name);
        },
        (e) => {
          if (holders.get(name) !== next) return;
          holders.delete(name);
          next.reject(e);
          grant(name);
        },
      );
    });
  };

  class FakeTab implements TabEnvironment {
    frozen = false;
    /** Messages handed to this tab's channels (each one woke the tab). */
    readonly heard: unknown[] = [];
    private frozenTimers: Array<() => void> = [];
    private lifecycle = new Set<(e: "freeze" | "resume") => void>();
    /** This tab's timers: they do not fire while the tab is frozen (they fire when it resumes). */
    readonly clock: Clock = {
      now: () => clock.now(),
      random: () => Math.random(),
      setTimeout: (fn, ms) =>
        clock.setTimeout(() => {
          if (this.frozen) this.frozenTimers.push(fn);
          else fn();
        }, ms),
      clearTimeout: (id) => clock.clearTimeout(id),
    };

    constructor(readonly id: string) {}

    /** Runs `fn` now, or when the tab resumes if it is frozen (a frozen tab runs no code at all). */
    later(fn: () => void) {
      if (this.frozen) this.frozenTimers.push(fn);
      else fn();
    }

    channel(name: string) {
      const ch: Channel = { tab: this, name, onmessage: null, open: true };
      channels.add(ch);
      return {
        postMessage: (message: unknown) => {
          if (!ch.open && !this.frozen)
            throw Object.assign(new Error("BroadcastChannel is closed"), { name: "InvalidStateError" }); // as browsers do
          if (!ch.open || this.frozen) return;
          posted.push(message);
          for (const other of channels) {
            if (other === ch || other.name !== name || !other.open) continue;
            const copy = structuredClone(message);
            queueMicrotask(() => {
              if (!other.open) return;
              other.tab.heard.push(copy);
              if (other.tab.frozen) other.tab.frozenTimers.push(() => other.onmessage?.({ data: copy }));
              else other.onmessage?.({ data: copy });
            });
          }
        },
        get onmessage() {
          return ch.onmessage;
        },
        set onmessage(fn) {
          ch.onmessage = fn;
        },
        close: () => {
          ch.open = false;
          channels.delete(ch);
        },
      };
    }

    readonly locks = {
      request: (name: string, options: TabLockOptions, callback: () => Promise<unknown>) =>
        new Promise<unknown>((resolve, reject) => {
          const req: Request = { tab: this, callback, resolve, reject };
          if (options.steal) {
            const held = holders.get(name);
            if (held) {
              holders.delete(name);
              held.tab.later(() => held.reject(abortError())); // a frozen tab hears of it when it wakes
            }
            queues.set(name, [req, ...(queues.get(name) ?? [])]);
            grant(name);
            return;
          }
          if (options.signal?.aborted) return reject(abortError());
          options.signal?.addEventListener("abort", () => {
            const q = queues.get(name) ?? [];
            const i = q.indexOf(req);
            if (i >= 0) {
              q.splice(i, 1);
              reject(abortError());
            }
          });
          queues.set(name, [...(queues.get(name) ?? []), req]);
          grant(name);
        }),
    };

    onLifecycle(listener: (e: "freeze" | "resume") => void) {
      this.lifecycle.add(listener);
      return () => void this.lifecycle.delete(listener);
    }

    /** The tab is gone (closed or its renderer killed): its channels stop, its locks go to the next in line. */
    kill() {
      for (const ch of [...channels]) {
        if (ch.tab !== this) continue;
        ch.open = false;
        channels.delete(ch);
      }
      for (const [name, q] of queues)
        queues.set(
          name,
          q.filter((r) => r.tab !== this),
        );
      for (const [name, held] of [...holders]) {
        if (held.tab !== this) continue;
        holders.delete(name);
        grant(name);
      }
      this.frozenTimers = [];
      this.frozen = true; // nothing of it runs any more
    }

    /** The browser freezes the tab (without the `freeze` event when `quietly`): no timers, no messages. */
    freeze(quietly = false) {
      if (!quietly) for (const l of this.lifecycle) l("freeze");
      this.frozen = true;
    }

    resume() {
      this.frozen = false;
      for (const l of this.lifecycle) l("resume");
      const due = this.frozenTimers.splice(0);
      for (const fn of due) fn();
    }
  }

  return {
    tab: (id: string) => new FakeTab(id),
    posted,
    holder: (name: string) => holders.get(name)?.tab.id,
  };
}

export type FakeTab = ReturnType<ReturnType<typeof createFakeTabs>["tab"]>;
