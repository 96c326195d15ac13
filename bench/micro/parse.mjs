// node bench/micro/parse.mjs — the frame guard's and stompjs's parse cost per MESSAGE frame, in Node and
// in headless Chromium (Debian's, as the other benches), same frame, same run (bench/micro/parse.ts).
import path from "node:path";
import { pathToFileURL } from "node:url";
import esbuild from "esbuild";
import { chromium } from "playwright-core";

const here = import.meta.dirname;
const build = path.join(here, "../.build");
const common = { entryPoints: [path.join(here, "parse.ts")], bundle: true, logLevel: "error" };
await esbuild.build({ ...common, platform: "node", format: "esm", outfile: path.join(build, "parse.mjs") });
const iife = await esbuild.build({
  ...common,
  platform: "browser",
  format: "iife",
  globalName: "parseBench",
  write: false,
});

const rows = [];
const node = await import(pathToFileURL(path.join(build, "parse.mjs")).href);
rows.push({ where: `Node ${process.version}`, ...node.measure() });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
try {
  const page = await browser.newPage();
  await page.addScriptTag({ content: iife.outputFiles[0].text });
  rows.push({
    where: `Chromium ${browser.version()}`,
    ...(await page.evaluate(() => window.parseBench.measure())),
  });
} finally {
  await browser.close();
}
console.log(`one MESSAGE frame (${rows[0].frameChars} chars), median µs per frame of 5 rounds × 100,000`);
for (const r of rows)
  console.log(
    `  ${r.where.padEnd(24)} frame guard ${r.guardUs.toFixed(2)} µs   stompjs Parser ${r.parserUs.toFixed(2)} µs`,
  );
