// The React entries must start with "use client" in both formats; the core must not (it is usable
// on a server). Guards against a tsup change silently dropping the directive (toolchain.md §3).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import esbuild from "esbuild";

const expectations = {
  "dist/index.js": true,
  "dist/index.cjs": true,
  "dist/testing/index.js": true,
  "dist/testing/index.cjs": true,
  "dist/testing/react.js": true,
  "dist/testing/react.cjs": true,
  "dist/chat/index.js": true,
  "dist/chat/index.cjs": true,
  "dist/devtools/index.js": true,
  "dist/devtools/index.cjs": true,
  "dist/core/index.js": false,
  "dist/core/index.cjs": false,
  "dist/chat/core/index.js": false,
  "dist/chat/core/index.cjs": false,
  "dist/tabs/index.js": false,
  "dist/tabs/index.cjs": false,
};
let ok = true;
for (const [file, wanted] of Object.entries(expectations)) {
  const has = readFileSync(file, "utf8").startsWith('"use client";');
  if (has !== wanted) {
    console.error(`${file}: "use client" ${wanted ? "missing" : "must not be there"}`);
    ok = false;
  }
}
// The chat stylesheet is copied by tsup's onSuccess (package.json exports "./chat/styles.css").
if (
  !existsSync("dist/chat/styles.css") ||
  readFileSync("dist/chat/styles.css", "utf8") !== readFileSync("src/chat/styles.css", "utf8")
) {
  console.error("dist/chat/styles.css: missing or not a copy of src/chat/styles.css");
  ok = false;
}

// Tree-shaking from dist, as an app's bundler sees the package (issue 7 §7, issue 6 §9): each entry is
// ONE file, so what an app does not use must be droppable statement by statement (the sources mark
// their top-level React factory calls `/* @__PURE__ */`). Resolved through package.json "exports", peers external.
const root = path.resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const selfReference = {
  name: "stompkit-exports",
  setup(b) {
    b.onResolve({ filter: /^stompkit(\/.*)?$/ }, (args) => {
      const entry = pkg.exports[`.${args.path.slice("stompkit".length)}`];
      return { path: path.join(root, entry.import.default) };
    });
  },
};
const shaken = [
  // [app, what it must not bundle (regexp on inputs or text), why]
  [
    `import { useChatThread } from "stompkit/chat"; export const f = () => useChatThread({ thread: "1" });`,
    /@tanstack|data-part/,
    "headless useChatThread bundles the chat components or the virtualizer",
  ],
  [
    `import { useSubscription } from "stompkit"; export const f = () => useSubscription("/topic/x");`,
    /Outbox full|stompx-2020|data-part/,
    "useSubscription bundles the outbox or chat",
  ],
  [
    `import { createStompSession } from "stompkit/core"; export const f = () => createStompSession({ url: "wss://x/ws" });`,
    /stompx-2020|message\.created/,
    "createStompSession bundles the chat dialect",
  ],
];
for (const [contents, forbidden, problem] of shaken) {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, sourcefile: "app.mjs", loader: "js" },
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    format: "esm",
    platform: "browser",
    external: ["react", "react/*", "react-dom", "react-dom/*", "@stomp/stompjs"],
    plugins: [selfReference],
    logLevel: "silent",
  });
  const bundled = Object.entries(Object.values(result.metafile.outputs)[0].inputs);
  const inputs = bundled
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([file]) => file)
    .join(" ");
  if (forbidden.test(inputs) || forbidden.test(result.outputFiles[0].text)) {
    console.error(`dist tree-shaking: ${problem}`);
    ok = false;
  }
}
// One copy of the core (issue 16 §1): entries import each other by package name, so a class defined in
// two entry files (a second StompkitError that fails `instanceof`) means an entry bundled another's code.
for (const format of ["js", "cjs"]) {
  const owners = new Map();
  for (const file of Object.keys(expectations).filter((f) => f.endsWith(`.${format}`)))
    for (const m of readFileSync(file, "utf8").matchAll(
      /(?:\bvar|\blet|\bconst)\s+([A-Za-z_$][\w$]*)\s*=\s*class\b|^\s*class\s+([A-Za-z_$][\w$]*)/gm,
    )) {
      const name = m[1] ?? m[2];
      owners.set(name, [...(owners.get(name) ?? []), file]);
    }
  for (const [name, files] of owners)
    if (files.length > 1) {
      console.error(
        `dist: class ${name} is defined in ${files.join(" and ")}: import it through its entry's package name`,
      );
      ok = false;
    }
}
console.log(
  ok
    ? 'dist: "use client" where it belongs; unused components, outbox and chat drop out'
    : "dist check failed",
);
process.exit(ok ? 0 : 1);
