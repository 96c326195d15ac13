import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { Profiler } from "react";
import { StompProvider, useConnectionState, useSubscription } from "stompkit";
import { createStompSession } from "stompkit/core";
import { createFakeBroker } from "stompkit/testing";

afterEach(() => cleanup());

function Feed() {
  const { count, last } = useSubscription<{ n: number }>("/topic/feed", { keep: 500 });
  const status = useConnectionState((s) => s.status);
  return (
    <p>
      {status} {count} {last?.body.n ?? "-"}
    </p>
  );
}

describe("in Chromium", () => {
  it("commits at most once per animation frame while messages stream in", async () => {
    const broker = createFakeBroker();
    const session = createStompSession({
      webSocketFactory: broker.webSocketFactory,
      heartbeat: { outgoing: 0, incoming: 0 },
    });
    let commits = 0;
    render(
      <StompProvider session={session}>
        <Profiler id="feed" onRender={() => commits++}>
          <Feed />
        </Profiler>
      </StompProvider>,
    );
    await screen.findByText("open 0 -");
    await waitFor(() => expect(broker.subscriptionCount("/topic/feed")).toBe(1));
    const commitsBefore = commits;
    let frames = 0;
    let counting = true;
    const countFrames = () => {
      frames++;
      if (counting) requestAnimationFrame(countFrames);
    };
    requestAnimationFrame(countFrames);
    // 4,000 messages in 40 tasks of 100 (as WebSocket messages arrive), spread over several frames.
    await act(async () => {
      for (let batch = 0; batch < 40; batch++) {
        for (let i = 1; i <= 100; i++) broker.publish("/topic/feed", `{"n":${batch * 100 + i}}`);
        await new Promise((r) => setTimeout(r, 2));
      }
    });
    await screen.findByText("open 4000 4000", undefined, { timeout: 5000 });
    counting = false;
    const rendered = commits - commitsBefore;
    expect(frames).toBeGreaterThan(0);
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThanOrEqual(frames + 1);
    expect(rendered).toBeLessThan(40); // far fewer commits than tasks
  });

  it("reports a refused real WebSocket as a typed failure and keeps retrying with backoff", async () => {
    const errors: string[] = [];
    // Port 9 (discard) on loopback: nothing listens, the browser's WebSocket fails at once.
    render(
      <StompProvider
        url="ws://127.0.0.1:9/ws"
        reconnect={{ initialDelay: 50, maxDelay: 100, maxAttempts: 3 }}
        onError={(e) => errors.push(e.code)}
      >
        <Feed />
      </StompProvider>,
    );
    await screen.findByText(/^failed 0/, undefined, { timeout: 10_000 });
    expect(errors).toEqual(["CONNECTION_FAILED", "CONNECTION_FAILED", "CONNECTION_FAILED"]);
  });
});
