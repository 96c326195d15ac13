import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const dirname = path.dirname(fileURLToPath(import.meta.url));
const src = (file: string) => path.join(dirname, "../src", file);
const devServerPort = Number(process.env.STOMPKIT_DEV_SERVER_PORT ?? 15690);

/**
 * The demo imports stompkit by its package names, exactly as an app does; in this repository they
 * resolve to the sources (no build step, edits reload at once).
 */
export default defineConfig({
  root: dirname,
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^stompkit\/chat\/core$/, replacement: src("chat/core/index.ts") },
      { find: /^stompkit\/chat\/styles\.css$/, replacement: src("chat/styles.css") },
      { find: /^stompkit\/chat$/, replacement: src("chat/index.ts") },
      { find: /^stompkit\/core$/, replacement: src("core/index.ts") },
      { find: /^stompkit\/devtools$/, replacement: src("devtools/index.ts") },
      { find: /^stompkit\/tabs$/, replacement: src("tabs/index.ts") },
      // The dev server (loaded by start.mjs through this same Vite server, on the Node side only).
      { find: /^stompkit\/testing$/, replacement: src("testing/index.ts") },
      { find: /^stompkit\/dev-server$/, replacement: src("dev-server/index.ts") },
      { find: /^stompkit$/, replacement: src("index.ts") },
    ],
  },
  server: {
    host: "127.0.0.1",
    strictPort: true,
    // The dev server's fault controls, same origin for the page (they need the x-stompkit-dev header).
    proxy: { "/_dev": { target: `http://127.0.0.1:${devServerPort}`, changeOrigin: false } },
  },
  optimizeDeps: {
    include: [
      "react",
      "react-dom",
      "react-dom/client",
      "@stomp/stompjs",
      "zustand",
      "@tanstack/react-virtual",
    ],
  },
  logLevel: "warn",
});
