// Issue 15: the tabs of one browser share one connection. Five real Chromium pages of one origin (one
// browser context) run the demo, signed in as the same user, against the dev server bin: the server
// sees one connection; a message from any tab shows once in every tab; the leader tab is closed, its
// renderer killed, or frozen (Page Lifecycle), and another tab takes over within a bounded time, with
// nothing lost or shown twice. A tab signed in as someone else keeps its own connection.
import { execFileSync } from "node:child_process";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { ViteDevServer } from "vite";
import { brokerSocketsOf, countBrokerSockets } from "./brokerSockets";
import {
  bodies,
  DevServerProcess,
  freePort,
  launchChromium,
  say,
  screenshots,
  signIn,
  startDemo,
} from "./demoHarness";

let browser: Browser;
let server: DevServerProcess;
let demo: { vite: ViteDevServer; url: string };
let context: BrowserContext;
let pages: Page[] = [];
/** Each page's renderer process (told apart by the processes that appeared when it opened). */
const rendererOf = new Map<Page, number>();
const renderers = (): Set<number> => {
  try {
    const out = execFileSync("pgrep", ["-f", "type=renderer"], { encoding: "utf8" });
    return new Set(out.split("\n").filter(Boolean).map(Number));
  } catch {
    return new Set(); // pgrep exits 1 when nothing matches
  }
};

const state = async (): Promise<{ connections: number; subscriptions: number }> =>
  (await fetch(`http://127.0.0.1:${server.port}/_dev/state`, { headers: { "x-stompkit-dev": "1" } })).json();

/** Waits until the dev server holds exactly `n` connections (polling its /_dev/state). */
const connectionsBecome = (n: number, timeout = 20_000) =>
  expect.poll(async () => (await state()).connections, { timeout, interval: 50 }).toBe(n);

/** Every page in `on` shows each text once, in this order. */
async function shownOnceEverywhere(on: Page[], marker: string, texts: string[]) {
  for (const page of on) {
    await expect
      .poll(() => bodies(page, marker), { timeout: 30_000 })
      .toHaveLength(texts.length)
      .catch(async (e) => {
        console.log("shown:", JSON.stringify(await bodies(page, marker)));
        throw e;
      });
    const shown = await bodies(page, marker);
    expect(shown.map((t) => texts.find((x) => t.includes(x)))).toEqual(texts);
  }
}

/** The open WebSockets of each page's own (the leader holds one, followers none). */
const socketsOf = brokerSocketsOf;

/** The page whose tab leads: the one with a WebSocket of its own. */
async function leaderOf(candidates: Page[]): Promise<Page> {
  for (const page of candidates) if ((await socketsOf(page)) > 0) return page;
  throw new Error("no page holds a WebSocket");
}

beforeAll(async () => {
  server = new DevServerProcess(await freePort());
  await server.start();
  demo = await startDemo({
    STOMPKIT_DEV_SERVER_PORT: String(server.port),
    VITE_STOMPKIT_MODE: "dev-server",
    VITE_STOMPKIT_URL: `ws://127.0.0.1:${server.port}/ws`,
  });
  // One renderer process per tab (Chromium may otherwise put same-site tabs in one process, and
  // crashing the leader's renderer would take every tab with it).
  browser = await launchChromium([
    "--renderer-process-limit=20",
    "--disable-features=SpareRendererForSitePerProcess",
  ]);
  context = await browser.newContext();
  await countBrokerSockets(context);
  for (let i = 0; i < 5; i++) {
    const before = renderers();
    const page = await context.newPage();
    await signIn(page, demo.url, "ada");
    const added = [...renderers()].filter((pid) => !before.has(pid));
    if (added.length === 1) rendererOf.set(page, added[0]!);
    pages.push(page);
  }
}, 120_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail")
    await screenshots(
      ctx.task.name.replace(/\W+/g, "-"),
      Object.fromEntries(pages.map((p, i) => [`tab${i}`, p])),
    );
});

afterAll(async () => {
  await browser?.close();
  await demo?.vite.close();
  await server?.kill();
});

describe("five tabs of one browser share one connection", () => {
  it("the server sees one connection; a message from any tab shows once in every tab", async () => {
    await connectionsBecome(1);
    const sockets = await Promise.all(pages.map(socketsOf));
    expect(sockets.reduce((a, b) => a + b, 0)).toBe(1);
    const texts = pages.map((_, i) => `tab-share hello from tab ${i}`);
    for (const [i, page] of pages.entries()) await say(page, texts[i]!);
    await shownOnceEverywhere(pages, "tab-share hello", texts);
    expect((await state()).connections).toBe(1);
  });

  for (const [how, end] of [
    ["closed", (page: Page) => page.close()],
    [
      "killed (its renderer crashes)",
      async (page: Page) => {
        const cdp = await page.context().newCDPSession(page);
        void cdp.send("Page.crash").catch(() => {}); // never answered: the renderer is gone
        await expect
          .poll(() => page.evaluate(() => 1).catch(() => "crashed"), { timeout: 5000 })
          .toBe("crashed");
      },
    ],
  ] as const) {
    it(`the leader tab is ${how}: another tab takes over, messages sent meanwhile show once everywhere`, async () => {
      await connectionsBecome(1);
      const leader = await leaderOf(pages);
      const rest = pages.filter((p) => p !== leader);
      const marker = `handover-${how.split(" ")[0]}`;
      const t0 = Date.now();
      await end(leader);
      pages = rest;
      // A follower sends while the leader is gone: its outbox holds it through the handover.
      await say(rest[0]!, `${marker} sent during the handover`);
      await expect
        .poll(async () => (await Promise.all(rest.map(socketsOf))).includes(1), { timeout: 20_000 })
        .toBe(true);
      const handoverMs = Date.now() - t0; // until another tab holds the socket
      await connectionsBecome(1);
      console.log(`handover after the leader was ${how}: ${handoverMs} ms`);
      await say(rest[1]!, `${marker} sent after`);
      await shownOnceEverywhere(rest, marker, [`${marker} sent during the handover`, `${marker} sent after`]);
      expect(handoverMs).toBeLessThan(10_000);
    });
  }

  it("a frozen leader (its renderer stopped) is taken over; woken, it steps down; each message once everywhere", async () => {
    await connectionsBecome(1);
    const leader = await leaderOf(pages);
    const pid = rendererOf.get(leader);
    expect(pid, "the leader's renderer process").toBeDefined();
    const rest = pages.filter((p) => p !== leader);
    // SIGSTOP: no script, no timer, no message runs in that tab, as in a frozen or starved tab; its
    // WebSocket (owned by the browser's network process) and its Web Lock stay.
    process.kill(pid!, "SIGSTOP");
    try {
      const t0 = Date.now();
      await expect
        .poll(async () => (await Promise.all(rest.map(socketsOf))).includes(1), { timeout: 20_000 })
        .toBe(true);
      console.log(`takeover from a frozen leader: ${Date.now() - t0} ms`);
      await say(rest[0]!, "frozen-leader while frozen");
      await shownOnceEverywhere(rest, "frozen-leader", ["frozen-leader while frozen"]);
    } finally {
      process.kill(pid!, "SIGCONT");
    }
    // Woken, it finds its clock jumped: it steps down and closes its socket without a frame.
    await connectionsBecome(1);
    // The page's close event follows the server's view by the closing handshake.
    await expect.poll(() => socketsOf(leader), { timeout: 5000 }).toBe(0);
    await say(rest[1]!, "frozen-leader after it woke");
    await shownOnceEverywhere(pages, "frozen-leader", [
      "frozen-leader while frozen",
      "frozen-leader after it woke",
    ]);
  });

  it("a tab signed in as someone else keeps its own connection", async () => {
    await connectionsBecome(1);
    const other = await context.newPage();
    await signIn(other, demo.url, "grace");
    await connectionsBecome(2);
    await say(other, "identity from grace");
    await shownOnceEverywhere([...pages, other], "identity from grace", ["identity from grace"]);
    await other.close();
    await connectionsBecome(1);
  });
});
