// The React entries must start with "use client" in both formats; the core must not (it is usable
// on a server). Guards against a tsup change silently dropping the directive (toolchain.md §3).
import { existsSync, readFileSync } from "node:fs";

const expectations = {
  "dist/index.js": true,
  "dist/index.cjs": true,
  "dist/testing/index.js": true,
  "dist/testing/index.cjs": true,
  "dist/testing/react.js": true,
  "dist/testing/react.cjs": true,
  "dist/chat/index.js": true,
  "dist/chat/index.cjs": true,
  "dist/core/index.js": false,
  "dist/core/index.cjs": false,
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
console.log(ok ? 'dist: "use client" where it belongs' : "dist check failed");
process.exit(ok ? 0 : 1);
