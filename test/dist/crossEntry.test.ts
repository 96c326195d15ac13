// Issue 16 §1 and §3, against what an app installs (dist, built by globalSetup when stale): one copy of
// the core in every entry (`instanceof` holds across entries, in ESM and in CJS; no class is defined in
// two entry files), and no `@internal` declaration in the published types.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const run = (fixture: string) =>
  JSON.parse(execFileSync(process.execPath, [path.join(import.meta.dirname, "fixtures", fixture)], { cwd: root, encoding: "utf8" })) as Record<string, boolean>;

const files = (dir: string, ending: RegExp): string[] =>
  readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => ending.test(f))
    .map((f) => path.join(dir, f));

/** `var X = class` (esbuild's output) and `class X`, per file. */
const classesIn = (file: string) =>
  new Set([...readFileSync(path.join(root, file), "utf8").matchAll(/(?:\bvar|\blet|\bconst)\s+([A-Za-z_$][\w$]*)\s*=\s*class\b|^\s*class\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1] ?? m[2]!));

describe("dist: one copy of the core", () => {
  it.each(["crossEntry.mjs", "crossEntry.cjs"])("instanceof holds across stompkit, stompkit/core, stompkit/chat, stompkit/chat/core and stompkit/testing (%s)", (fixture) => {
    const checks = run(fixture);
    expect(Object.keys(checks).length).toBeGreaterThanOrEqual(7);
    expect(Object.entries(checks).filter(([, ok]) => !ok)).toEqual([]);
  });

  it.each(["js", "cjs"])("no class is defined in two entries' .%s files", (format) => {
    const owners = new Map<string, string[]>();
    for (const file of files("dist", new RegExp(`\\.${format}$`)))
      for (const name of classesIn(file)) owners.set(name, [...(owners.get(name) ?? []), file]);
    const twice = [...owners].filter(([, where]) => where.length > 1);
    expect(owners.size).toBeGreaterThan(20); // the parser finds the core's error classes
    expect(twice).toEqual([]);
  });
});

describe("dist: published types", () => {
  // Every name declared under an `@internal` doc comment in src (tsup's dts runs with stripInternal).
  const internalNames = files("src", /\.tsx?$/).flatMap((file) =>
    [...readFileSync(path.join(root, file), "utf8").matchAll(/@internal[^]*?\*\/\s*export\s+(?:declare\s+)?(?:const|let|function|interface|type|class|enum)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!),
  );
  const types = files("dist", /\.d\.c?ts$/).map((file) => [file, readFileSync(path.join(root, file), "utf8")] as const);
  const code = (text: string) => text.replace(/\/\*[^]*?\*\//g, "").replace(/\/\/.*$/gm, ""); // names, not prose

  it("names no @internal declaration", () => {
    expect(internalNames).toEqual(expect.arrayContaining(["registryInternals", "internals", "attach"]));
    const leaks = types.flatMap(([file, text]) => internalNames.filter((name) => new RegExp(`\\b${name.replace("$", "\\$")}\\b`).test(code(text))).map((name) => `${file}: ${name}`));
    expect(leaks).toEqual([]);
    for (const [, text] of types) expect(text).not.toContain("@internal");
  });

  it("stompkit/core's types export what a STOMP user calls: no chat name, no internal", () => {
    const dts = readFileSync(path.join(root, "dist/core/index.d.ts"), "utf8");
    const exported = [...dts.matchAll(/^export\s*\{([^}]*)\}/gm)].flatMap((m) => m[1]!.split(",").map((s) => s.trim().split(/\s+as\s+/).pop()!.replace(/^type\s+/, "")).filter(Boolean));
    expect(exported).toContain("createStompSession");
    expect(exported.filter((name) => /chat|relay|thread|stompx|profile/i.test(name))).toEqual([]);
    expect(exported.filter((name) => internalNames.includes(name))).toEqual([]);
  });
});
