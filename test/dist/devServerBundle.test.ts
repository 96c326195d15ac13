// Issue 13 §1: the dev server (and the `ws` it runs on) is in no browser bundle of the app entries. Bundles
// every export of an entry from dist as an app's bundler resolves the package (package.json "exports"),
// platform browser, peers external, and reads esbuild's metafile: which files went in.
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

async function bundle(contents: string, platform: esbuild.Platform = "browser") {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, sourcefile: "app.mjs", loader: "js" },
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform,
    // Peers and plain dependencies an app has anyway; `ws` is deliberately not external: it must not be reached.
    external: [
      "react",
      "react/*",
      "react-dom",
      "react-dom/*",
      "@stomp/stompjs",
      "zustand",
      "zustand/*",
      "@tanstack/*",
    ],
    plugins: [selfReference],
    logLevel: "silent",
  });
  return { text: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

const serverInputs = (inputs: string[]) =>
  inputs.filter((f) => /(^|\/)node_modules\/ws\/|(^|\/)dist\/dev-server\/|(^|\/)src\/dev-server\//.test(f));
const markers = ["WebSocketServer", "stompkit-dev-server"];

describe("dist: the dev server is in no browser bundle", () => {
  it.each(["stompkit", "stompkit/chat", "stompkit/core", "stompkit/chat/core"])(
    "every export of %s: no ws, no dev server",
    async (entry) => {
      const { text, inputs } = await bundle(`export * from "${entry}";`);
      expect(text.length).toBeGreaterThan(1000);
      expect(inputs.length).toBeGreaterThan(1);
      expect(serverInputs(inputs)).toEqual([]);
      expect(markers.filter((m) => text.includes(m))).toEqual([]);
    },
  );

  it("the check sees them: a bundle of stompkit/dev-server (Node) has ws and the server", async () => {
    const { text, inputs } = await bundle(`export * from "stompkit/dev-server";`, "node");
    expect(inputs.some((f) => /(^|\/)node_modules\/ws\//.test(f))).toBe(true);
    expect(inputs.some((f) => /(^|\/)dist\/dev-server\//.test(f))).toBe(true);
    expect(markers.filter((m) => text.includes(m))).toEqual(markers);
  });
});
