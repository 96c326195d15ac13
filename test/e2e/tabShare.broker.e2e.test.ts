// Issue 15 on real RabbitMQ: five Chromium tabs of one origin, ten destinations each (durable queues
// read with client acks, dedupe on), under <StompProvider shareAcrossTabs> (test/e2e/tabsPage). RabbitMQ
// sees one connection and ten consumers. A publisher in Node sends 50 messages/s across the ten; the
// leader tab is closed mid-stream: nothing may be shown twice, every message must reach the new leader,
// receipted sends made around the handover are confirmed once each, and no tab may lose one: the new
// leader's socket waits for the followers' links, whose offered subscriptions it relays before it
// SUBSCRIBEs, so what RabbitMQ redelivers at once is held for each of them and acked once all have it.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { Client } from "@stomp/stompjs";
import react from "@vitejs/plugin-react";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import NodeWebSocket from "ws";
import { WS_URL } from "../broker/helpers";
import { brokerSocketsOf, countBrokerSockets } from "./brokerSockets";
import { launchChromium, root } from "./demoHarness";

const run = `${process.pid}-${Date.now().toString(36)}`;
const queues = Array.from({ length: 10 }, (_, i) => `e2e-tabs-${run}-${i}`);
let vite: ViteDevServer;
let browser: Browser;
let context: BrowserContext;
let pages: Page[] = [];
let publisher: Client;

const rabbitctl = (...args: string[]) =>
  execFileSync("bash", [path.join(root, "scripts/rabbitmq.sh"), "ctl", ...args], { encoding: "utf8" });
/** This run's consumers as RabbitMQ lists them: queue and the channel (one per STOMP connection) it is on. */
const consumers = () =>
  rabbitctl("list_consumers", "-q", "--no-table-headers", "queue_name", "channel_pid")
    .split("\n")
    .filter((l) => l.includes(run));
/** Consumers on this run's queues. */
const rabbitConsumers = () => consumers().length;
/**
 * STOMP connections consuming this run's queues. (RabbitMQ 3.10's `list_connections` does not list
 * Web-STOMP connections; each STOMP connection has one channel, so distinct channels count them.)
 */
const rabbitConnections = () => new Set(consumers().map((l) => l.trim().split(/\s+/).pop())).size;

const socketsOf = brokerSocketsOf;
type Probe = { got: Record<string, string[]>; sent: { key: string; ok: boolean }[] };
const probeOf = (page: Page) => page.evaluate(() => (window as unknown as { probe: Probe }).probe);

beforeAll(async () => {
  vite = await createServer({
    configFile: false,
    root: path.join(root, "test/e2e/tabsPage"),
    plugins: [react()],
    resolve: {
      alias: [
        { find: /^stompkit\/core$/, replacement: path.join(root, "src/core/index.ts") },
        { find: /^stompkit\/tabs$/, replacement: path.join(root, "src/tabs/index.ts") },
        { find: /^stompkit$/, replacement: path.join(root, "src/index.ts") },
      ],
    },
    server: { host: "127.0.0.1", port: 0, hmr: false }, // no HMR socket: the page counts its WebSockets
    logLevel: "error",
  });
  await vite.listen();
  const port = (vite.httpServer!.address() as { port: number }).port;
  publisher = new Client({
    webSocketFactory: () => new NodeWebSocket(WS_URL, ["v12.stomp"]) as never,
    connectHeaders: { login: "guest", passcode: "guest", host: "/" },
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    reconnectDelay: 0,
  });
  await new Promise<void>((resolve) => {
    publisher.onConnect = () => resolve();
    publisher.activate();
  });
  browser = await launchChromium(["--renderer-process-limit=20"]);
  context = await browser.newContext();
  await countBrokerSockets(context);
  for (let i = 0; i < 5; i++) {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/?url=${encodeURIComponent(WS_URL)}&run=${run}`);
    pages.push(page);
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await vite?.close();
  await publisher?.deactivate();
});

describe("five tabs on RabbitMQ share one connection", () => {
  it("1 connection and 10 consumers; the leader closed mid-stream at 50 msg/s: nothing twice, every message reaches the new leader, and nothing lost in any tab", async () => {
    await expect.poll(() => rabbitConsumers(), { timeout: 30_000, interval: 500 }).toBe(10);
    expect(rabbitConnections()).toBe(1); // the 5 tabs' 10 consumers are on one connection
    // Every tab has its 10 subscriptions confirmed before the stream starts (a tab that links later
    // would not be shown what the queues delivered before it was there).
    const ready = (page: Page) =>
      page.evaluate(() =>
        Object.values((window as unknown as { probe: { ready: Record<string, boolean> } }).probe.ready),
      );
    await expect
      .poll(
        async () => (await Promise.all(pages.map(ready))).every((r) => r.length === 10 && r.every(Boolean)),
        {
          timeout: 30_000,
        },
      )
      .toBe(true);
    expect((await Promise.all(pages.map(socketsOf))).reduce((a, b) => a + b, 0)).toBe(1);

    const leader = (await Promise.all(pages.map(socketsOf))).findIndex((n) => n > 0);
    const rest = pages.filter((_, i) => i !== leader);
    let seq = 0;
    const publish = () => {
      const n = seq++;
      publisher.publish({
        destination: `/amq/queue/${queues[n % 10]}`,
        body: String(n),
        headers: { "x-idempotency-key": `m-${run}-${n}`, persistent: "true" },
      });
    };
    const stream = setInterval(publish, 20); // 50 messages/s
    try {
      await new Promise((r) => setTimeout(r, 2000));
      await rest[0]!.evaluate(() =>
        (window as unknown as { probe: { send(t: string): void } }).probe.send("before"),
      );
      const t0 = Date.now();
      await pages[leader]!.close();
      await rest[1]!.evaluate(() =>
        (window as unknown as { probe: { send(t: string): void } }).probe.send("during"),
      );
      await expect
        .poll(async () => (await Promise.all(rest.map(socketsOf))).includes(1), { timeout: 20_000 })
        .toBe(true);
      console.log(`RabbitMQ: another tab held the socket ${Date.now() - t0} ms after the leader tab closed`);
      await new Promise((r) => setTimeout(r, 2000));
    } finally {
      clearInterval(stream);
    }
    pages = rest;
    const published = seq;
    await expect.poll(() => rabbitConsumers(), { timeout: 30_000, interval: 500 }).toBe(10);
    const newLeader = (await Promise.all(rest.map(socketsOf))).findIndex((n) => n > 0);
    const distinct = (page: Page) =>
      probeOf(page).then(({ got }) => Object.values(got).reduce((n, l) => n + new Set(l).size, 0));
    // The new leader's own components get every message: the old leader's unacked ones come again.
    await expect.poll(() => distinct(rest[newLeader]!), { timeout: 30_000 }).toBe(published);
    await new Promise((r) => setTimeout(r, 1000));
    const report: string[] = [];
    const everywhere = new Set<number>();
    for (const [t, page] of rest.entries()) {
      const { got, sent } = await probeOf(page);
      let lost = 0;
      for (const [i, q] of queues.entries()) {
        const mine = (got[`/queue/${q}`] ?? []).map(Number);
        expect(new Set(mine).size, "nothing shown twice").toBe(mine.length);
        for (const n of mine) everywhere.add(n);
        lost += Array.from({ length: published }, (_, n) => n).filter(
          (n) => n % 10 === i && !mine.includes(n),
        ).length;
      }
      report.push(`${t === newLeader ? "new leader" : "follower"} ${lost} lost`);
      expect(sent.every((s) => s.ok)).toBe(true);
    }
    console.log(`RabbitMQ: ${published} messages over 10 queues; after the handover: ${report.join(", ")}`);
    expect(report.filter((line) => !line.endsWith(" 0 lost"))).toEqual([]); // every tab had every message
    expect(everywhere.size).toBe(published);
    const sends = [...(await probeOf(rest[0]!)).sent, ...(await probeOf(rest[1]!)).sent];
    expect(sends).toHaveLength(2);
    expect(rabbitConnections()).toBe(1);
  });
});
