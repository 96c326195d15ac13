// `stompkit/testing` must load without React and without @testing-library/react (issue 6 §8). The same
// check on the built package (dist) runs in CI as scripts/check-testing-entry.mjs; this one is fast and
// reads the sources, so a React import creeping into src/testing fails `npm run test:unit` at once.
import path from "node:path";
import esbuild from "esbuild";

const root = path.resolve(import.meta.dirname, "../..");

describe("stompkit/testing entry", () => {
  it("bundles from src without React, react-dom or @testing-library at load", async () => {
    const result = await esbuild.build({
      entryPoints: [path.join(root, "src/testing/index.ts")],
      bundle: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "neutral",
      // Everything a user might lack is external: the metafile then lists it as an import if anything uses it.
      external: ["react", "react-dom", "@stomp/stompjs", "@testing-library/*", "stompkit", "stompkit/*"],
      logLevel: "silent",
    });
    const output = Object.values(result.metafile.outputs)[0]!;
    const imports = [...new Set(output.imports.map((i) => i.path))];
    expect(imports).toContain("@stomp/stompjs");
    // No React at load: not React itself, not a testing library, not an entry that needs React.
    const needsReact =
      /^(react|react-dom)(\/|$)|^@testing-library\/|^stompkit(\/testing\/react|\/chat)?$|^zustand$/;
    expect(imports.filter((p) => needsReact.test(p))).toEqual([]);
    const sources = Object.keys(result.metafile.inputs);
    expect(sources).toContain("src/testing/createFakeBroker.ts");
    expect(sources.filter((s) => /^src\/(react|chat)\/|\.tsx$/.test(s))).toEqual([]);
  });
});
