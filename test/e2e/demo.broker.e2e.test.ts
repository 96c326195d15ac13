// Issue 13 §3: the same demo in the broker profile (`npm start -- --broker ws://127.0.0.1:15674/ws`): two
// Chromium pages chat through RabbitMQ Web-STOMP (scripts/rabbitmq.sh, set up by the broker global setup),
// then through a broker kill -9 and restart.
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { ViteDevServer } from "vite";
import { brokerCtlAsync, WS_URL } from "../broker/helpers";
import { bodies, launchChromium, say, screenshots, signIn, startDemo } from "./demoHarness";

let browser: Browser;
let demo: { vite: ViteDevServer; url: string };
let contexts: BrowserContext[] = [];
let ada: Page;
let grace: Page;
const run = Date.now().toString(36); // topics keep nothing, but a run id keeps reruns apart in the assertions

beforeAll(async () => {
  demo = await startDemo({ VITE_STOMPKIT_MODE: "broker", VITE_STOMPKIT_URL: WS_URL });
  browser = await launchChromium();
  contexts = [await browser.newContext(), await browser.newContext()];
  ada = await contexts[0]!.newPage();
  grace = await contexts[1]!.newPage();
  await signIn(ada, demo.url, "ada");
  await signIn(grace, demo.url, "grace");
});

afterEach(async (context) => {
  if (context.task.result?.state === "fail")
    await screenshots(`broker-${context.task.name.replace(/\W+/g, "-")}`, { ada, grace });
});

afterAll(async () => {
  await browser?.close();
  await demo?.vite.close();
});

const status = (page: Page) => page.getByRole("status", { name: "Connection" }).textContent();
const statusOf = (page: Page, text: string) =>
  page
    .getByRole("article")
    .filter({ hasText: text })
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));

describe("demo in the broker profile: two browser pages on RabbitMQ", () => {
  it("every message shows once on both pages, in order, confirmed for its author", async () => {
    const texts = [`${run} hi from ada`, `${run} hi from grace`, `${run} see you`];
    await say(ada, texts[0]!);
    await expect.poll(() => bodies(grace, run), { timeout: 20_000 }).toHaveLength(1);
    await say(grace, texts[1]!);
    await expect.poll(() => bodies(ada, run), { timeout: 20_000 }).toHaveLength(2);
    await say(ada, texts[2]!);
    for (const page of [ada, grace]) {
      await expect.poll(() => bodies(page, run), { timeout: 20_000 }).toHaveLength(3);
      expect((await bodies(page, run)).map((t) => texts.find((x) => t.includes(x)))).toEqual(texts);
    }
    await expect.poll(() => statusOf(ada, texts[0]!), { timeout: 20_000 }).toEqual(["confirmed"]);
    await expect.poll(() => statusOf(grace, texts[1]!), { timeout: 20_000 }).toEqual(["confirmed"]);
  });

  it("RabbitMQ killed -9 and restarted: both pages reconnect; a send made meanwhile goes out once", async () => {
    await brokerCtlAsync("kill");
    try {
      await expect.poll(() => status(ada), { timeout: 20_000 }).not.toBe("open");
      await say(ada, `${run} sent while the broker is down`);
    } finally {
      await brokerCtlAsync("start");
    }
    await expect.poll(() => status(ada), { timeout: 60_000 }).toBe("open");
    await expect.poll(() => status(grace), { timeout: 60_000 }).toBe("open");
    // Its author's copy is confirmed once. A plain topic keeps nothing: grace gets it only if her page
    // re-subscribed before ada's page re-sent it (never twice) — gap-fill needs a server with history.
    await expect
      .poll(() => statusOf(ada, "sent while the broker is down"), { timeout: 30_000 })
      .toEqual(["confirmed"]);
    expect((await bodies(grace, "sent while the broker is down")).length).toBeLessThanOrEqual(1);
    await say(grace, `${run} after the restart`);
    for (const page of [ada, grace])
      await expect.poll(() => bodies(page, "after the restart"), { timeout: 20_000 }).toHaveLength(1);
  });
});
