import { act, screen } from "@testing-library/react";
import { Profiler, useState } from "react";
import { type StompMessage, useSubscription } from "stompkit";
import { renderWithStomp } from "stompkit/testing/react";

beforeEach(() => {
  vi.useFakeTimers();
});

/** One animation frame (subscription stores notify once per frame by default). */
const frame = () => act(() => vi.advanceTimersByTimeAsync(20));

function Last({ destination }: { destination: string | null }) {
  const { last, count, status } = useSubscription<{ n: number }>(destination);
  return (
    <p>
      {status} {count} {last?.body.n ?? "-"}
    </p>
  );
}

describe("useSubscription", () => {
  // case 47
  it("sends exactly one SUBSCRIBE under StrictMode, and one UNSUBSCRIBE on real unmount", async () => {
    let hide!: () => void;
    function Toggle() {
      const [shown, setShown] = useState(true);
      hide = () => setShown(false);
      return shown ? <Last destination="/topic/a" /> : <p>hidden</p>;
    }
    const { broker, unmount } = renderWithStomp(<Toggle />);
    await frame();
    expect(broker.count("SUBSCRIBE")).toBe(1);
    expect(screen.getByText("ready 0 -")).toBeInTheDocument();
    act(() => void broker.publish("/topic/a", '{"n":7}'));
    await frame();
    expect(screen.getByText("ready 1 7")).toBeInTheDocument();
    act(() => hide());
    await act(() => vi.advanceTimersByTimeAsync(200));
    expect(broker.count("SUBSCRIBE")).toBe(1);
    expect(broker.count("UNSUBSCRIBE")).toBe(1);
    expect(broker.subscriptionCount()).toBe(0);
    unmount();
    await frame();
    expect(broker.leaks()).toEqual({ sockets: 0, subscriptions: 0 });
  });

  // case 48
  it("shares one SUBSCRIBE among many components on one destination", async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);
    const { broker } = renderWithStomp(
      <div>
        {ids.map((id) => (
          <Last key={id} destination="/topic/shared" />
        ))}
      </div>,
    );
    await frame();
    act(() => void broker.publish("/topic/shared", '{"n":1}'));
    await frame();
    expect(screen.getAllByText("ready 1 1")).toHaveLength(20);
    expect(broker.count("SUBSCRIBE")).toBe(1);
  });

  // case 49
  it("unsubscribes the old destination before the new one delivers when the destination changes", async () => {
    let setDestination!: (d: string) => void;
    const seen: string[] = [];
    function Switcher() {
      const [destination, set] = useState("/topic/one");
      setDestination = set;
      useSubscription(destination, { onMessage: (m) => seen.push(`${m.destination}:${m.raw}`) });
      return null;
    }
    const { broker } = renderWithStomp(<Switcher />);
    await frame();
    act(() => setDestination("/topic/two"));
    await frame();
    const wire = broker.frames.filter((f) => f.direction === "in" && /SUBSCRIBE/.test(f.command));
    expect(wire.map((f) => `${f.command} ${f.headers.destination ?? f.headers.id}`)).toEqual([
      "SUBSCRIBE /topic/one",
      `UNSUBSCRIBE ${wire[0]!.headers.id}`,
      "SUBSCRIBE /topic/two",
    ]);
    act(() => {
      broker.publish("/topic/one", "1");
      broker.publish("/topic/two", "2");
    });
    await frame();
    expect(seen).toEqual(["/topic/two:2"]);
  });

  // case 50
  it("uses the latest onMessage closure without resubscribing", async () => {
    const seen: string[] = [];
    let bump!: () => void;
    function Counter() {
      const [n, setN] = useState(0);
      bump = () => setN((x) => x + 1);
      useSubscription("/topic/a", {
        onMessage: (m) => seen.push(`${n}:${m.raw}`),
        headers: { "x-inline": "1" },
      });
      return null;
    }
    const { broker } = renderWithStomp(<Counter />);
    await frame();
    for (let i = 0; i < 5; i++) act(() => bump());
    act(() => void broker.publish("/topic/a", "hi"));
    await frame();
    expect(seen).toEqual(["5:hi"]);
    expect(broker.count("SUBSCRIBE")).toBe(1);
    expect(broker.count("UNSUBSCRIBE")).toBe(0);
  });

  it("turns headers that could inject a frame into this hook's error state, sending nothing", async () => {
    function Bad() {
      const { status, error } = useSubscription("/topic/a", { headers: { "x-evil": "1\nreceipt:x" } });
      return (
        <p>
          {status} {error?.code}
        </p>
      );
    }
    const { broker } = renderWithStomp(<Bad />);
    await frame();
    expect(screen.getByText("error INVALID_HEADER")).toBeInTheDocument();
    expect(broker.count("SUBSCRIBE")).toBe(0);
  });

  it("subscribes to nothing for a null destination, and reports idle (not pending)", async () => {
    const { broker } = renderWithStomp(<Last destination={null} />);
    await frame();
    expect(broker.count("SUBSCRIBE")).toBe(0);
    expect(screen.getByText("idle 0 -")).toBeInTheDocument();
  });

  it("re-renders only components whose selected slice changed", async () => {
    const renders = { price: 0, count: 0 };
    function Price() {
      renders.price++;
      const price = useSubscription<{ symbol: string; price: number }, number | undefined>("/topic/prices", {
        select: (s) => s.messages.findLast((m) => m.body.symbol === "ACME")?.body.price,
      });
      return <p>price {price ?? "-"}</p>;
    }
    function Count() {
      renders.count++;
      const count = useSubscription("/topic/prices", { select: (s) => s.count });
      return <p>count {count}</p>;
    }
    const { broker } = renderWithStomp(
      <>
        <Price />
        <Count />
      </>,
      { strictMode: false },
    );
    await frame();
    act(() => void broker.publish("/topic/prices", '{"symbol":"ACME","price":10}'));
    await frame();
    const before = { ...renders };
    act(() => void broker.publish("/topic/prices", '{"symbol":"OTHER","price":99}'));
    await frame();
    expect(screen.getByText("price 10")).toBeInTheDocument();
    expect(screen.getByText("count 2")).toBeInTheDocument();
    expect(renders.price).toBe(before.price);
    expect(renders.count).toBe(before.count + 1);
  });

  it("commits once for a burst of messages within one frame", async () => {
    let commits = 0;
    const { broker } = renderWithStomp(
      <Profiler id="p" onRender={() => commits++}>
        <Last destination="/topic/burst" />
      </Profiler>,
      { strictMode: false },
    );
    await frame();
    const before = commits;
    act(() => {
      for (let i = 1; i <= 200; i++) broker.publish("/topic/burst", `{"n":${i}}`);
    });
    await frame();
    expect(screen.getByText("ready 200 200")).toBeInTheDocument();
    expect(commits - before).toBe(1);
  });

  it("resubscribes after a reconnect and keeps the buffer", async () => {
    const { broker } = renderWithStomp(<Last destination="/topic/a" />, {
      session: { reconnect: { initialDelay: 100 } },
    });
    await frame();
    act(() => void broker.publish("/topic/a", '{"n":1}'));
    await frame();
    act(() => broker.dropAll());
    await frame();
    expect(screen.getByText("pending 1 1")).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(100));
    await frame();
    act(() => void broker.publish("/topic/a", '{"n":2}'));
    await frame();
    expect(screen.getByText("ready 2 2")).toBeInTheDocument();
    expect(broker.count("SUBSCRIBE")).toBe(2);
  });

  it("gives the message to onMessage with ack helpers on client-ack subscriptions", async () => {
    const got: StompMessage<string>[] = [];
    function Worker() {
      useSubscription<string>("/queue/jobs", {
        ack: "client-individual",
        autoAck: false,
        parse: "text",
        onMessage: (m) => got.push(m),
      });
      return null;
    }
    const { broker } = renderWithStomp(<Worker />);
    await frame();
    act(() => void broker.publish("/queue/jobs", "job-1"));
    await frame();
    expect(got.map((m) => m.body)).toEqual(["job-1"]);
    got[0]!.ack();
    await frame(); // ACKs go out when the task ends
    expect(broker.count("ACK")).toBe(1);
  });
});
