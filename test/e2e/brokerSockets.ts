// Counts each page's open broker WebSockets (those asking for a `v1x.stomp` subprotocol, as stompkit's
// do; not Vite's HMR socket): in a group of tabs sharing a connection, the leader has one, followers none.
import type { BrowserContext, Page } from "playwright-core";

/** Before any page of `context` loads: wraps its WebSocket so that the page counts its broker sockets. */
export function countBrokerSockets(context: BrowserContext) {
  return context.addInitScript(() => {
    const Native = WebSocket;
    const w = window as unknown as { __brokerSockets: number };
    w.__brokerSockets = 0;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        if (![protocols ?? []].flat().some((p) => p.endsWith(".stomp"))) return;
        w.__brokerSockets++;
        this.addEventListener("close", () => w.__brokerSockets--);
      }
    } as typeof WebSocket;
  });
}

/** The page's open broker sockets now. */
export const brokerSocketsOf = (page: Page) =>
  page.evaluate(() => (window as { __brokerSockets?: number }).__brokerSockets ?? 0);
