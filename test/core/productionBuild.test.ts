// Production builds carry codes, not prose: the library bundled twice (NODE_ENV production and
// development), then compared and run. The checks run in both; only their prose goes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import esbuild from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "stompkit-prod-"));
const ANCHOR = "(stompkit: https://www.npmjs.com/package/stompkit#errors)";

/** The prose of a few errors and a dev warning, each from a different module. */
const PROSE = [
  "No RECEIPT for", // errors.ts
  "must be a finite", // checkNumber.ts
  "Give `url`", // sessionOptions.ts
  "the broker aborted it", // transaction.ts
  "a frame passed", // frameGuard.ts
  "switched to another session", // StompProvider.tsx (dev warning)
  "disagree", // subscriptionEntry.ts (dev warning)
  "No reply from the relay", // chat/core/chatErrors.ts
];

async function bundle(mode: "production" | "development", entry: string, platform: "node" | "browser") {
  const result = await esbuild.build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform,
    define: { "process.env.NODE_ENV": JSON.stringify(mode) },
    external: ["react", "react-dom", "react/*", "@stomp/stompjs", "zustand", "zustand/*", "@tanstack/*"],
    alias: {
      "stompkit/core": path.join(root, "src/core/index.ts"),
      "stompkit/chat/core": path.join(root, "src/chat/core/index.ts"),
      "stompkit/tabs": path.join(root, "src/tabs/index.ts"),
      stompkit: path.join(root, "src/index.ts"),
    },
    logLevel: "error",
  });
  return result.outputFiles[0]!.text;
}

const apps = { browser: { production: "", development: "" }, node: { production: "", development: "" } };
let prod: typeof import("stompkit/core");
let dev: typeof import("stompkit/core");

beforeAll(async () => {
  // Everything a chat app can reach: the React entry and the chat engine.
  writeFileSync(
    path.join(dir, "app.ts"),
    `export * from ${JSON.stringify(path.join(root, "src/index.ts"))};\nexport * from ${JSON.stringify(path.join(root, "src/chat/core/index.ts"))};\n`,
  );
  for (const mode of ["production", "development"] as const) {
    apps.browser[mode] = await bundle(mode, path.relative(root, path.join(dir, "app.ts")), "browser");
    apps.node[mode] = await bundle(mode, "src/core/index.ts", "node");
    writeFileSync(path.join(dir, `core.${mode}.mjs`), apps.node[mode]);
  }
  // The bundles import @stomp/stompjs and zustand: resolve them from the project.
  const nodeModules = path.join(dir, "node_modules");
  const { symlinkSync } = await import("node:fs");
  symlinkSync(path.join(root, "node_modules"), nodeModules, "dir");
  prod = await import(pathToFileURL(path.join(dir, "core.production.mjs")).href);
  dev = await import(pathToFileURL(path.join(dir, "core.development.mjs")).href);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("production builds carry codes, not prose", () => {
  it("leaves every message and dev warning out of the production bundle, and keeps them in development", () => {
    for (const text of PROSE) {
      expect(apps.browser.development.includes(text), `development has "${text}"`).toBe(true);
      expect(apps.browser.production.includes(text), `production has no "${text}"`).toBe(false);
    }
    const gz = (s: string) => gzipSync(s, { level: 9 }).length;
    const saved = gz(apps.browser.development) - gz(apps.browser.production);
    expect(saved).toBeGreaterThan(500); // measured 1,2xx B gzip for this app
  });

  it("still runs every check in production: the same typed error, with its code and the README anchor", () => {
    const cases: [string, () => unknown][] = [
      ["no url", () => prod.createStompSession({})],
      ["NaN delay", () => prod.createStompSession({ url: "ws://x", unsubscribeDelay: Number.NaN })],
      ["CR/LF header", () => prod.createStompSession({ url: "ws://x", connectHeaders: { "x\r\n": "v" } })],
    ];
    for (const [name, make] of cases) {
      let thrown: unknown;
      try {
        make();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, name).toBeInstanceOf(prod.StompkitError);
      const error = thrown as InstanceType<typeof prod.StompkitError>;
      expect(error.message, name).toBe(`${error.code} ${ANCHOR}`);
    }
  });

  it("keeps the fields in production; the development build says it in words", () => {
    const p = new prod.ReceiptTimeoutError("r-1", 500);
    const d = new dev.ReceiptTimeoutError("r-1", 500);
    expect(p.message).toBe(`RECEIPT_TIMEOUT ${ANCHOR}`);
    expect(d.message).toBe('No RECEIPT for "r-1" within 500 ms');
    for (const e of [p, d]) {
      expect(e).toMatchObject({
        name: "ReceiptTimeoutError",
        code: "RECEIPT_TIMEOUT",
        receiptId: "r-1",
        timeoutMs: 500,
      });
    }
    const header = new prod.InvalidHeaderError("passcode", "value");
    expect(header).toMatchObject({ code: "INVALID_HEADER", header: "passcode", part: "value" });
    expect(header.message).not.toContain("passcode");
    expect(() => prod.createStompSession({})).toThrow(prod.StompConfigError);
    expect(() => dev.createStompSession({})).toThrow(/Give `url`/);
  });
});
