// The dist project tests what an app installs: `dist`, built by `npm run build`. From a fresh clone
// (`npm test` without a build) or after a source change, it builds first.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(file) : statSync(file).mtimeMs);
  }
  return latest;
}

export default function setup() {
  const built = path.join(root, "dist/core/index.js");
  const inputs = Math.max(newest(path.join(root, "src")), statSync(path.join(root, "tsup.config.ts")).mtimeMs);
  // Every file package.json "exports" names: a build whose dts step failed leaves fresh .js and no .d.ts.
  const exported = JSON.stringify(JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).exports);
  const complete = [...exported.matchAll(/"(\.\/dist\/[^"]+)"/g)].every((m) => existsSync(path.join(root, m[1]!)));
  if (complete && existsSync(built) && statSync(built).mtimeMs >= inputs) return;
  console.log("dist: building (missing, incomplete or older than src)");
  execFileSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
}
