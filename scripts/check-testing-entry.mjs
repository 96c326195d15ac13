// `stompkit/testing` must work in an app or a test that has no `@testing-library/react` installed, and
// must not load React (issue 6 §8). After `npm run build`, this bundles `import { createFakeBroker } from
// "stompkit/testing"` from dist with esbuild, as an app's bundler would: peers (`react`, `react-dom`,
// `@stomp/stompjs`) external, `@testing-library/*` NOT resolvable. It fails when the build fails, when
// the bundle imports React or contains testing-library code, or when the fake broker does not speak
// STOMP to a plain stompjs client. It prints the entry's gzip size (minified, peers external).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import esbuild from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const peers = ["react", "react-dom", "@stomp/stompjs"];
// Inside node_modules so that the bundle's external `@stomp/stompjs` resolves when it runs.
const outDir = path.join(root, "node_modules/.cache/stompkit-testing-entry");
// bytes gzip, minified. 4096 until 2026-12-06; the broker's `limits` (issue 13, for the dev server) check frames
// with the core's createFrameChecker, imported from stompkit/core: 5672 B here, of which that checker and the
// FrameError class are code an app using the fake broker already bundles with its session (shared, not added).
const BUDGET = 6144;

const problems = [];

/** Resolves `stompkit/...` through package.json `exports` (to dist), as an installed package would. */
const selfReference = {
  name: "stompkit-exports",
  setup(build) {
    build.onResolve({ filter: /^stompkit(\/.*)?$/ }, (args) => {
      const entry = pkg.exports[`.${args.path.slice("stompkit".length)}`];
      if (!entry) return { errors: [{ text: `"${args.path}" is not in package.json exports` }] };
      const condition = args.kind === "require-call" ? entry.require : entry.import;
      return { path: path.join(root, typeof condition === "string" ? condition : condition.default) };
    });
  },
};

/** The app has no `@testing-library/*`: any import of it fails the build, as a missing package would. */
const notInstalled = {
  name: "testing-library-not-installed",
  setup(build) {
    build.onResolve({ filter: /^@testing-library\// }, (args) => ({
      errors: [{ text: `Could not resolve "${args.path}" (not installed in this app)` }],
    }));
  },
};

async function bundle(name, contents, options = {}) {
  try {
    return await esbuild.build({
      stdin: { contents, resolveDir: root, sourcefile: `${name}.mjs`, loader: "js" },
      bundle: true,
      write: false,
      metafile: true,
      platform: "neutral",
      mainFields: ["module", "main"],
      external: peers,
      plugins: [selfReference, notInstalled],
      logLevel: "silent",
      ...options,
    });
  } catch (error) {
    const messages = error.errors?.map((e) => e.text).join("; ") ?? String(error);
    problems.push(`${name}: the build failed: ${messages}`);
    return undefined;
  }
}

function inspect(name, result) {
  if (!result) return;
  const output = Object.values(result.metafile.outputs)[0];
  const text = result.outputFiles[0].text;
  const imported = output.imports.filter((i) => i.external).map((i) => i.path);
  for (const peer of imported) {
    if (!["@stomp/stompjs"].includes(peer)) problems.push(`${name}: the bundle imports "${peer}" at load`);
  }
  const inputs = Object.keys(result.metafile.inputs);
  const foreign = inputs.filter((i) => /@testing-library|node_modules\/react(-dom)?\//.test(i));
  if (foreign.length) problems.push(`${name}: the bundle contains ${foreign.join(", ")}`);
  if (/testing-library|renderWithStomp/.test(text))
    problems.push(`${name}: the bundle mentions testing-library`);
  return { text, imported };
}

// 1. ESM app, with a smoke run: a plain stompjs client talks to the fake broker.
const app = `
import { Client } from "@stomp/stompjs";
import { createFakeBroker } from "stompkit/testing";
export async function run() {
  const broker = createFakeBroker();
  const client = new Client({ webSocketFactory: broker.webSocketFactory, heartbeatIncoming: 0, heartbeatOutgoing: 0, reconnectDelay: 0 });
  const got = new Promise((resolve) => {
    client.onConnect = () => {
      client.subscribe("/topic/check", (m) => resolve(m.body));
      client.publish({ destination: "/topic/check", body: "hello" });
    };
  });
  client.activate();
  const body = await Promise.race([got, new Promise((r) => setTimeout(() => r("timeout"), 2000))]);
  await client.deactivate();
  return { body, sends: broker.count("SEND"), subscribes: broker.count("SUBSCRIBE") };
}
`;
const esm = inspect("esm app", await bundle("esm-app", app, { format: "esm" }));
if (esm) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, "app.mjs");
  writeFileSync(file, esm.text);
  const outcome = await (await import(pathToFileURL(file).href)).run();
  if (outcome.body !== "hello" || outcome.sends !== 1 || outcome.subscribes !== 1)
    problems.push(`esm app: the fake broker did not deliver (${JSON.stringify(outcome)})`);
}

// 2. CommonJS app (`require("stompkit/testing")`).
inspect(
  "cjs app",
  await bundle("cjs-app", `const { createFakeBroker } = require("stompkit/testing"); createFakeBroker();`, {
    format: "cjs",
    platform: "node",
  }),
);

// 3. Size: what `createFakeBroker` adds to an app, minified, peers external.
const sized = inspect(
  "size",
  await bundle("size", `export { createFakeBroker } from "stompkit/testing";`, {
    format: "esm",
    minify: true,
  }),
);
let gzip;
if (sized) {
  gzip = gzipSync(sized.text).length;
  if (gzip > BUDGET) problems.push(`size: ${gzip} B gzip is over the ${BUDGET} B budget`);
}

if (problems.length) {
  for (const p of problems) console.error(`testing entry: ${p}`);
  process.exit(1);
}
console.log(
  `testing entry: stompkit/testing bundles without @testing-library/react and without React ` +
    `(imports at load: ${[...new Set(esm.imported)].join(", ")}); createFakeBroker = ${gzip} B gzip (minified, peers external; budget ${BUDGET} B)`,
);
