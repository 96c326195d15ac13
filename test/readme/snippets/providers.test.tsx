// Not shown in the README: server rendering of the Next.js layout and providers opens no socket and
// fetches no token.
import { renderToString } from "react-dom/server";
import { useConnectionState, useSubscription } from "stompkit";
import { afterEach, expect, it, vi } from "vitest";
import RootLayout from "./layout";
import { Providers } from "./providers";

afterEach(() => {
  vi.unstubAllGlobals();
});

function Status() {
  const connection = useConnectionState((s) => s.status);
  const subscription = useSubscription("/topic/news", { select: (s) => s.status });
  return (
    <p>
      {connection}/{subscription}
    </p>
  );
}

it("renders the page on the server without connecting", () => {
  const WebSocket = vi.fn();
  const fetch = vi.fn();
  vi.stubGlobal("WebSocket", WebSocket);
  vi.stubGlobal("fetch", fetch);
  const html = renderToString(
    <Providers>
      <Status />
    </Providers>,
  );
  expect(html).toBe("<p>idle<!-- -->/<!-- -->pending</p>");
  expect(WebSocket).not.toHaveBeenCalled();
  expect(fetch).not.toHaveBeenCalled();
});

it("renders the root layout with the providers on the server", () => {
  const WebSocket = vi.fn();
  vi.stubGlobal("WebSocket", WebSocket);
  const html = renderToString(
    <RootLayout>
      <Status />
    </RootLayout>,
  );
  expect(html).toBe('<html lang="en"><head></head><body><p>idle<!-- -->/<!-- -->pending</p></body></html>');
  expect(WebSocket).not.toHaveBeenCalled();
});
