// Issue 13 §3: two real Chromium pages chat through the dev server running as `npm start` runs it; the
// dev server is killed (-9) and restarted mid-conversation; every message shows once on both pages, in order,
// confirmed for its author. A failure saves both pages' screenshots under .reports/.
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { ViteDevServer } from "vite";
import {
  bodies,
  DevServerProcess,
  freePort,
  launchChromium,
  root,
  say,
  screenshots,
  signIn,
  startDemo,
} from "./demoHarness";

let browser: Browser;
let server: DevServerProcess;
let demo: { vite: ViteDevServer; url: string };
let contexts: BrowserContext[] = [];
let ada: Page;
let grace: Page;

beforeAll(async () => {
  server = new DevServerProcess(await freePort());
  await server.start();
  demo = await startDemo({
    STOMPKIT_DEV_SERVER_PORT: String(server.port),
    VITE_STOMPKIT_MODE: "dev-server",
    VITE_STOMPKIT_URL: `ws://127.0.0.1:${server.port}/ws`,
  });
  browser = await launchChromium();
  contexts = [await browser.newContext(), await browser.newContext()];
  ada = await contexts[0]!.newPage();
  grace = await contexts[1]!.newPage();
  await signIn(ada, demo.url, "ada");
  await signIn(grace, demo.url, "grace");
});

afterEach(async (context) => {
  if (context.task.result?.state === "fail")
    await screenshots(context.task.name.replace(/\W+/g, "-"), { ada, grace });
});

afterAll(async () => {
  await browser?.close();
  await demo?.vite.close();
  await server?.kill();
});

/** Waits until `texts` show on the page exactly once each, in this order, and the author's are confirmed. */
async function shownOnce(page: Page, marker: string, texts: string[], mine: string[]) {
  await expect.poll(() => bodies(page, marker), { timeout: 30_000 }).toHaveLength(texts.length);
  const shown = await bodies(page, marker);
  expect(shown.map((t) => texts.find((x) => t.includes(x)))).toEqual(texts);
  for (const text of mine)
    await expect
      .poll(
        () =>
          page
            .getByRole("article")
            .filter({ hasText: text })
            .evaluateAll((els) => els.map((e) => e.getAttribute("data-status"))),
        { timeout: 30_000 },
      )
      .toEqual(["confirmed"]);
}

describe("demo: two browser pages on the dev server", () => {
  it("the first screen shows the seeded thread with its history on both pages", async () => {
    for (const page of [ada, grace]) {
      expect(
        await page.getByRole("navigation", { name: "Threads" }).getByRole("button").allTextContents(),
      ).toEqual(["General", "Random", "Support"]);
      await expect
        .poll(() => bodies(page, "Welcome to the stompkit demo"), { timeout: 20_000 })
        .toHaveLength(1);
    }
  });

  it("every message shows once on both pages, in order, confirmed for its author", async () => {
    const texts = ["m1 hello from ada", "m1 hello from grace", "m1 how are you", "m1 fine, thanks"];
    await say(ada, texts[0]!);
    await shownOnce(grace, "m1 ", texts.slice(0, 1), []);
    await say(grace, texts[1]!);
    await shownOnce(ada, "m1 ", texts.slice(0, 2), [texts[0]!]);
    await say(ada, texts[2]!);
    await shownOnce(grace, "m1 ", texts.slice(0, 3), [texts[1]!]);
    await say(grace, texts[3]!);
    await shownOnce(ada, "m1 ", texts, [texts[0]!, texts[2]!]);
    await shownOnce(grace, "m1 ", texts, [texts[1]!, texts[3]!]);
  });

  it("the dev server killed -9 and restarted: messages sent meanwhile arrive once on both pages", async () => {
    await server.kill();
    const status = (page: Page) => page.getByRole("status", { name: "Connection" }).textContent();
    await expect.poll(() => status(ada), { timeout: 20_000 }).not.toBe("open");
    await say(ada, "m2 sent while the server is down (ada)");
    await say(grace, "m2 sent while the server is down (grace)");
    await server.start();
    await expect.poll(() => status(ada), { timeout: 30_000 }).toBe("open");
    await expect.poll(() => status(grace), { timeout: 30_000 }).toBe("open");
    await say(ada, "m2 after the restart");
    const all = [
      "m2 sent while the server is down (ada)",
      "m2 sent while the server is down (grace)",
      "m2 after the restart",
    ];
    // The two offline sends race to the new server: both pages must agree on one order, each once.
    await expect.poll(() => bodies(ada, "m2 "), { timeout: 30_000 }).toHaveLength(3);
    await expect.poll(() => bodies(grace, "m2 "), { timeout: 30_000 }).toHaveLength(3);
    const order = async (page: Page) =>
      (await bodies(page, "m2 ")).map((t) => all.find((x) => t.includes(x)));
    expect(await order(ada)).toEqual(await order(grace));
    expect(new Set(await order(ada))).toEqual(new Set(all));
    for (const text of all)
      for (const page of [ada, grace]) expect((await bodies(page, text)).length).toBe(1);
    // History kept across the kill (the data file): the first conversation is still there, once.
    for (const page of [ada, grace]) expect(await bodies(page, "m1 ")).toHaveLength(4);
    for (const [page, text] of [
      [ada, all[0]!],
      [grace, all[1]!],
      [ada, all[2]!],
    ] as const)
      await expect
        .poll(() => page.getByRole("article").filter({ hasText: text }).getAttribute("data-status"), {
          timeout: 30_000,
        })
        .toBe("confirmed");
  });

  it("a page opened later sees the whole conversation, and the README's screenshot is taken from it", async () => {
    const page = await contexts[0]!.newPage();
    await page.setViewportSize({ width: 1280, height: 720 });
    await signIn(page, demo.url, "linus");
    await expect.poll(() => bodies(page, "m2 after the restart"), { timeout: 20_000 }).toHaveLength(1);
    expect(await bodies(page, "m1 ")).toHaveLength(4);
    await page.getByRole("button", { name: "Inspector" }).click();
    await page.getByRole("tab", { name: /Frames/ }).click();
    await page.getByRole("tabpanel").waitFor();
    await say(page, "m3 hello from linus");
    await expect
      .poll(
        () =>
          page.getByRole("article").filter({ hasText: "m3 hello from linus" }).getAttribute("data-status"),
        {
          timeout: 30_000,
        },
      )
      .toBe("confirmed");
    await page.screenshot({ path: path.join(root, "docs/demo.png") });
    await page.close();
  });
});
