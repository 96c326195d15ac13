// issue 13 §4: the inspector is in no bundle unless imported. Bundles every export of an entry from dist (as an
// app's bundler resolves the package, through package.json "exports"), peers external.
import { readFileSync } from "node:fs";
import path from "node:path";
import esbuild from "esbuild";

const root = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  exports: Record<string, { import: { default: string } }>;
};
const selfReference: esbuild.Plugin = {
  name: "stompkit-exports",
  setup(b) {
    b.onResolve({ filter: /^stompkit(\/.*)?$/ }, (args) => ({
      path: path.join(root, pkg.exports[`.${args.path.slice("stompkit".length)}`]!.import.default),
    }));
  },
};

async function bundle(contents: string): Promise<string> {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, sourcefile: "app.mjs", loader: "js" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    external: ["react", "react/*", "react-dom", "react-dom/*", "@stomp/stompjs", "zustand", "zustand/*", "@tanstack/*"],
    plugins: [selfReference],
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

// Strings only the inspector has: its component name and its UI text.
const inspectorMarkers = ["StompInspector", "Copy as text", "Filter by destination"];

describe("dist: stompkit/devtools is bundled only when imported", () => {
  it.each(["stompkit", "stompkit/chat", "stompkit/core", "stompkit/chat/core"])("every export of %s has no inspector code", async (entry) => {
    const text = await bundle(`export * from "${entry}";`);
    expect(text.length).toBeGreaterThan(1000);
    expect(inspectorMarkers.filter((m) => text.includes(m))).toEqual([]);
  });

  it("a bundle of stompkit/devtools has it", async () => {
    const text = await bundle(`export { StompInspector } from "stompkit/devtools";`);
    expect(inspectorMarkers.filter((m) => text.includes(m))).toEqual(inspectorMarkers);
  });
});
