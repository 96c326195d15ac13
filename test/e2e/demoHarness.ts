// Runs the demo as `npm start` does (the dev server as its own process, from the built bin, and the
// demo's Vite server) and drives real Chromium pages (Debian's chromium through playwright-core).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";

export const root = path.resolve(import.meta.dirname, "../..");
export const reports = path.join(root, ".reports");

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", ...extraArgs],
  });
}

/** The dev server bin as a child process; `kill()` is a SIGKILL (no clean close, no last write). */
export class DevServerProcess {
  private child: ChildProcess | undefined;
  readonly data = path.join(mkdtempSync(path.join(tmpdir(), "stompkit-e2e-")), "chat.json");
  constructor(readonly port: number) {}

  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        path.join(root, "dist/dev-server/bin.js"),
        "--port",
        String(this.port),
        "--data",
        this.data,
        "--heartbeat",
        "2000",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    this.child = child;
    let out = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`dev server did not start: ${out}`)), 15_000);
      child.stdout!.on("data", (d) => {
        out += d;
        if (out.includes("listening")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr!.on("data", (d) => {
        out += d;
      });
      child.once("exit", (code) => reject(new Error(`dev server exited ${code}: ${out}`)));
    });
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }
}

/** The demo's Vite dev server, configured the way demo/start.mjs configures it. */
export async function startDemo(env: Record<string, string>): Promise<{ vite: ViteDevServer; url: string }> {
  Object.assign(process.env, env);
  const vite = await createServer({
    configFile: path.join(root, "demo/vite.config.ts"),
    server: { port: 0, strictPort: false },
    logLevel: "error",
  });
  await vite.listen();
  const address = vite.httpServer!.address() as { port: number };
  return { vite, url: `http://127.0.0.1:${address.port}/` };
}

export async function freePort(): Promise<number> {
  const { createServer: net } = await import("node:net");
  return new Promise((resolve) => {
    const s = net().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Signs in on the demo and waits for the first thread to be ready. */
export async function signIn(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator('section[data-stompkit-chat][data-status="ready"]').first().waitFor({ timeout: 30_000 });
}

export async function say(page: Page, text: string): Promise<void> {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
}

/** The texts of the message articles shown, in order (their accessible names contain the body). */
export const bodies = (page: Page, marker: string) =>
  page
    .getByRole("article")
    .evaluateAll((els, m) => els.map((e) => e.textContent ?? "").filter((t) => t.includes(m)), marker);

/** Saves each page's screenshot under .reports/ (called when a test fails). */
export async function screenshots(name: string, pages: Record<string, Page>): Promise<void> {
  mkdirSync(reports, { recursive: true });
  for (const [who, page] of Object.entries(pages))
    await page
      .screenshot({ path: path.join(reports, `e2e-${name}-${who}.png`), fullPage: true })
      .catch(() => {});
}
