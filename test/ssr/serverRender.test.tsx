// Runs in plain Node (no window, no document, no WebSocket): the React entry must import and render
// on a server without touching browser globals, and must not connect.
import { renderToString } from "react-dom/server";
import { StompProvider, useConnectionState, useSubscription } from "stompkit";

function Page() {
  const status = useConnectionState((s) => s.status);
  const { count, status: sub } = useSubscription("/topic/news");
  return (
    <p>
      {status}/{sub}/{count}
    </p>
  );
}

describe("server rendering", () => {
  // case 56
  it("imports and renders without window, and never opens a socket", () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe("undefined");
    const factory = vi.fn();
    const html = renderToString(
      <StompProvider webSocketFactory={factory} connectHeaders={{ passcode: "x" }}>
        <Page />
      </StompProvider>,
    );
    expect(html).toBe("<p>idle<!-- -->/<!-- -->pending<!-- -->/<!-- -->0</p>");
    expect(factory).not.toHaveBeenCalled();
  });

  it("renders with a brokerURL too, since no WebSocket is created until mount", () => {
    expect(() =>
      renderToString(
        <StompProvider url="wss://example.com/ws">
          <Page />
        </StompProvider>,
      ),
    ).not.toThrow();
  });
});
