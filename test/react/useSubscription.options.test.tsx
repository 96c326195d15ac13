import { act, screen } from "@testing-library/react";
import { useState } from "react";
import { type StompMessage, type SubscriptionState, useSubscription } from "stompkit";
import { renderWithStomp } from "stompkit/testing/react";

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** One animation frame (subscription stores notify once per frame by default). */
const frame = () => act(() => vi.advanceTimersByTimeAsync(20));

describe("useSubscription with options written inline", () => {
  it("sends one SUBSCRIBE, keeps filling the buffer and renders calmly when every option is new each render", async () => {
    let renders = 0;
    const seen: string[] = [];
    function Inline() {
      // A resubscribe loop (the parser's identity in the key) must fail here, not hang the run.
      if (++renders > 500) throw new Error("render loop");
      const view = useSubscription("/topic/inline", {
        parse: (m) => JSON.parse(m.body) as { n: number },
        dedupe: (m) => m.headers["message-id"],
        select: (s) => ({ count: s.count, last: s.last?.body.n, status: s.status }),
        isEqual: (a, b) => a.count === b.count && a.status === b.status,
        onMessage: (m) => seen.push(m.raw),
        headers: { "x-inline": "1" },
        keep: 50,
      });
      return (
        <p>
          {view.status} {view.count} {view.last ?? "-"}
        </p>
      );
    }
    const { broker } = renderWithStomp(<Inline />);
    await frame();
    expect(screen.getByText("ready 0 -")).toBeInTheDocument();
    const settled = renders;
    for (let i = 1; i <= 10; i++) {
      act(() => void broker.publish("/topic/inline", `{"n":${i}}`));
      await frame();
    }
    expect(screen.getByText("ready 10 10")).toBeInTheDocument();
    expect(seen).toHaveLength(10);
    expect(broker.count("SUBSCRIBE")).toBe(1);
    expect(broker.count("UNSUBSCRIBE")).toBe(0);
    // one render per frame with a message (StrictMode renders twice), nothing more
    expect(renders - settled).toBe(20);
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(renders - settled).toBe(20);
  });

  it("does not re-render for an equal selection from an inline select that builds a new object", async () => {
    let renders = 0;
    function Even() {
      renders++;
      const { even } = useSubscription<number, { even: boolean }>("/topic/even", {
        select: (s) => ({ even: s.count % 2 === 0 }),
        isEqual: (a, b) => a.even === b.even,
      });
      return <p>{even ? "even" : "odd"}</p>;
    }
    const { broker } = renderWithStomp(<Even />, { strictMode: false });
    await frame();
    const before = renders;
    act(() => {
      broker.publish("/topic/even", "1");
      broker.publish("/topic/even", "2");
    });
    await frame();
    expect(screen.getByText("even")).toBeInTheDocument();
    expect(renders).toBe(before);
    act(() => void broker.publish("/topic/even", "3"));
    await frame();
    expect(screen.getByText("odd")).toBeInTheDocument();
    expect(renders).toBe(before + 1);
  });
});

describe("useSubscription switching destination", () => {
  it("never renders the previous destination's messages as the new one's", async () => {
    const rendered: { destination: string; messages: string[] }[] = [];
    let setDestination!: (d: string) => void;
    function Feed() {
      const [destination, set] = useState("/topic/a");
      setDestination = set;
      const { messages } = useSubscription<string>(destination, { parse: "text" });
      rendered.push({ destination, messages: messages.map((m) => m.destination) });
      return <p>{messages.map((m) => m.body).join(",") || "none"}</p>;
    }
    const { broker } = renderWithStomp(<Feed />);
    await frame();
    act(() => void broker.publish("/topic/a", "a1"));
    await frame();
    expect(screen.getByText("a1")).toBeInTheDocument();
    rendered.length = 0;
    act(() => setDestination("/topic/b"));
    await frame();
    act(() => void broker.publish("/topic/b", "b1"));
    await frame();
    expect(screen.getByText("b1")).toBeInTheDocument();
    expect(rendered.length).toBeGreaterThan(0);
    for (const r of rendered) {
      expect(r.destination).toBe("/topic/b");
      expect(r.messages.every((d) => d === "/topic/b")).toBe(true);
    }
  });

  it("shows the new destination's live buffer at once when another component already holds it", async () => {
    const firstRender: string[] = [];
    let setDestination!: (d: string) => void;
    function Holder() {
      useSubscription("/topic/held", { parse: "text" });
      return null;
    }
    function Feed() {
      const [destination, set] = useState("/topic/mine");
      setDestination = set;
      const { last } = useSubscription<string>(destination, { parse: "text" });
      if (destination === "/topic/held" && firstRender.length === 0) firstRender.push(last?.body ?? "none");
      return <p>last {last?.body ?? "none"}</p>;
    }
    const { broker } = renderWithStomp(
      <>
        <Holder />
        <Feed />
      </>,
    );
    await frame();
    act(() => {
      broker.publish("/topic/held", "held-1");
      broker.publish("/topic/mine", "mine-1");
    });
    await frame();
    act(() => setDestination("/topic/held"));
    expect(firstRender).toEqual(["held-1"]);
    expect(screen.getByText("last held-1")).toBeInTheDocument();
    expect(broker.count("SUBSCRIBE")).toBe(2);
  });
});

describe("useSubscription with hostile headers", () => {
  it("renders (never throws) for a lone surrogate or separators in headers, with one SUBSCRIBE", async () => {
    function Odd() {
      const { status } = useSubscription("/topic/odd", { headers: { "x-a": "\uD800", "x=b": "&?#%" } });
      return <p>{status}</p>;
    }
    const { broker } = renderWithStomp(<Odd />);
    await frame();
    expect(screen.getByText("ready")).toBeInTheDocument();
    expect(broker.count("SUBSCRIBE")).toBe(1);
  });
});

describe("useSubscription idle", () => {
  it("reports idle for undefined and for enabled: false, and subscribes when enabled", async () => {
    let setEnabled!: (e: boolean) => void;
    function Gate() {
      const [enabled, set] = useState(false);
      setEnabled = set;
      const gated = useSubscription("/topic/gated", { enabled });
      const none = useSubscription(undefined);
      return (
        <p>
          {gated.status} {none.status}
        </p>
      );
    }
    const { broker } = renderWithStomp(<Gate />);
    await frame();
    expect(screen.getByText("idle idle")).toBeInTheDocument();
    expect(broker.count("SUBSCRIBE")).toBe(0);
    act(() => setEnabled(true));
    await frame();
    expect(screen.getByText("ready idle")).toBeInTheDocument();
    expect(broker.count("SUBSCRIBE")).toBe(1);
    act(() => setEnabled(false));
    await act(() => vi.advanceTimersByTimeAsync(200));
    expect(screen.getByText("idle idle")).toBeInTheDocument();
    expect(broker.count("UNSUBSCRIBE")).toBe(1);
  });
});

describe("useSubscription components that disagree on one key", () => {
  it("acks per component: the ACK waits for the component with autoAck: false", async () => {
    const manual: StompMessage[] = [];
    function Auto() {
      useSubscription("/queue/jobs", { ack: "client-individual", onMessage: () => {} });
      return null;
    }
    function Manual() {
      useSubscription("/queue/jobs", {
        ack: "client-individual",
        autoAck: false,
        onMessage: (m) => manual.push(m),
      });
      return null;
    }
    const { broker } = renderWithStomp(
      <>
        <Auto />
        <Manual />
      </>,
    );
    await frame();
    expect(broker.count("SUBSCRIBE")).toBe(1);
    act(() => void broker.publish("/queue/jobs", "job"));
    await frame();
    expect(manual).toHaveLength(1);
    expect(broker.count("ACK")).toBe(0);
    manual[0]!.ack();
    await frame(); // ACKs go out when the task ends
    expect(broker.count("ACK")).toBe(1);
  });

  it("keeps the largest keep, and warns once in development when parse disagrees", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    let small: SubscriptionState<unknown> | undefined;
    function Small() {
      small = useSubscription("/topic/k", { keep: 1, parse: "text" });
      return null;
    }
    function Large() {
      useSubscription("/topic/k", { keep: 3, parse: "json" });
      return null;
    }
    const { broker } = renderWithStomp(
      <>
        <Small />
        <Large />
      </>,
    );
    await frame();
    act(() => {
      for (const n of ["1", "2", "3", "4"]) broker.publish("/topic/k", n);
    });
    await frame();
    expect(small?.messages.map((m) => m.body)).toEqual(["2", "3", "4"]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/disagree on `parse`/);
    expect(broker.count("SUBSCRIBE")).toBe(1);
  });
});
