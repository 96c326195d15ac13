import { copyFile, mkdir } from "node:fs/promises";
import { defineConfig, type Options } from "tsup";

// React entries import the core through the package's own name ("stompkit/core"), kept external here,
// so an app that imports both `stompkit` and `stompkit/core` gets ONE copy of the session and error
// classes (`instanceof` keeps working in ESM and in CJS).
const shared: Options = {
  format: ["esm", "cjs"],
  // `@internal` declarations stay out of the d.ts files (test/dist checks that none is named there).
  dts: { compilerOptions: { stripInternal: true } },
  sourcemap: true,
  clean: false, // `npm run build` empties dist once; two configs write into it
  target: "es2022",
  minify: false, // consumers minify; readable stack traces
  external: [
    "react",
    "react-dom",
    "@stomp/stompjs",
    "zustand",
    "@testing-library/react",
    "stompkit",
    "stompkit/core",
    "stompkit/testing",
    "stompkit/chat",
    "stompkit/chat/core",
    "stompkit/devtools",
    "stompkit/tabs",
    "stompkit/dev-server",
    "ws",
    "@tanstack/react-virtual",
  ],
};

export default defineConfig([
  // No React, no DOM at import: usable on a server, so no "use client".
  {
    ...shared,
    entry: {
      "core/index": "src/core/index.ts",
      "chat/core/index": "src/chat/core/index.ts",
      "tabs/index": "src/tabs/index.ts",
    },
  },
  {
    ...shared,
    entry: {
      index: "src/index.ts",
      "testing/index": "src/testing/index.ts",
      "testing/react": "src/testing/react.ts",
      "chat/index": "src/chat/index.ts",
      "devtools/index": "src/devtools/index.ts",
    },
    // esbuild keeps a directive only in an entry file, and `treeshake: true` strips it even from a banner
    // (research/toolchain.md §3): the banner is the one reliable way to keep "use client" in dist.
    banner: { js: '"use client";' },
    // `stompkit/chat/styles.css` is plain CSS shipped as is (no CSS-in-JS, nothing to bundle).
    async onSuccess() {
      await mkdir("dist/chat", { recursive: true });
      await copyFile("src/chat/styles.css", "dist/chat/styles.css");
    },
  },
  // The dev server: Node only (ws, node:http), never imported by a browser entry.
  { ...shared, platform: "node", entry: { "dev-server/index": "src/dev-server/index.ts" } },
  {
    ...shared,
    platform: "node",
    format: ["esm"],
    dts: false,
    entry: { "dev-server/bin": "src/dev-server/bin.ts" },
    banner: { js: "#!/usr/bin/env node" },
  },
]);
