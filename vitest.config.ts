import path from "node:path";
import { fileURLToPath } from "node:url";
import { storybookTest } from "@storybook/addon-vitest/vitest-plugin";
import react from "@vitejs/plugin-react";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import readme from "./test/readme/vitest.config.js";

const dirname = path.dirname(fileURLToPath(import.meta.url));

// Tests import the public specifiers, aliased to the sources (as zustand does).
const alias = [
  { find: /^stompkit\/chat\/core$/, replacement: path.join(dirname, "src/chat/core/index.ts") },
  { find: /^stompkit\/core$/, replacement: path.join(dirname, "src/core/index.ts") },
  { find: /^stompkit\/testing\/react$/, replacement: path.join(dirname, "src/testing/react.ts") },
  { find: /^stompkit\/chat$/, replacement: path.join(dirname, "src/chat/index.ts") },
  { find: /^stompkit\/devtools$/, replacement: path.join(dirname, "src/devtools/index.ts") },
  { find: /^stompkit\/tabs$/, replacement: path.join(dirname, "src/tabs/index.ts") },
  { find: /^stompkit\/dev-server$/, replacement: path.join(dirname, "src/dev-server/index.ts") },
  { find: /^stompkit\/testing$/, replacement: path.join(dirname, "src/testing/index.ts") },
  { find: /^stompkit$/, replacement: path.join(dirname, "src/index.ts") },
];

// Debian's chromium (apt-get install chromium); Playwright never downloads a browser here.
const chromium = playwright({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  },
});

// A fresh object per project: Vitest writes the project name into `instances`.
const browser = () => ({
  enabled: true,
  headless: true,
  provider: chromium,
  instances: [{ browser: "chromium" as const }],
});

export default defineConfig({
  plugins: [react()],
  resolve: { alias },
  test: {
    globals: true,
    projects: [
      {
        extends: true,
        test: {
          // Core in plain Node: proves src/core needs no DOM and no React.
          name: "core",
          environment: "node",
          include: [
            "test/core/**/*.test.ts",
            "test/tabs/**/*.test.ts",
            "test/chat/core/**/*.test.ts",
            "test/ssr/**/*.test.tsx",
          ],
        },
      },
      {
        extends: true,
        test: {
          // The StompX dev server (issue 13 §1) on real sockets and real time; some files spawn the built bin
          // (dist, built by the dist setup when missing or older than src).
          name: "dev-server",
          environment: "node",
          include: ["test/dev-server/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ["test/dist/globalSetup.ts"],
        },
      },
      {
        // What an app installs: dist (built first when missing or older than src), loaded by plain Node
        // through the package's own "exports", no aliases.
        test: {
          name: "dist",
          globals: true,
          environment: "node",
          include: ["test/dist/**/*.test.ts"],
          globalSetup: ["test/dist/globalSetup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "unit",
          environment: "jsdom",
          setupFiles: ["test/setup.ts"],
          include: ["test/{react,testing,integration,chat,devtools}/**/*.test.{ts,tsx}"],
          exclude: ["test/**/*.browser.test.{ts,tsx}", "test/chat/core/**"],
        },
      },
      {
        extends: true,
        test: {
          // The README's testing setup exactly as a user copies it (test/readme/vitest.config.ts, kept equal
          // to README.md by test/readme/readme.test.ts): its environment and setup file, Vitest's default
          // `globals: false`, plus a guard that fails on console.error.
          ...readme.test,
          name: "readme",
          globals: readme.test?.globals ?? false,
          setupFiles: [
            ...[readme.test?.setupFiles ?? []].flat().map((f) => path.join(dirname, "test/readme", f)),
            path.join(dirname, "test/readme/failOnConsoleError.ts"),
          ],
          include: ["test/readme/**/*.test.{ts,tsx}"],
        },
      },
      {
        extends: true,
        test: {
          // Type tests (`expectTypeOf`): checked by tsc through Vitest, never executed.
          name: "types",
          typecheck: {
            enabled: true,
            only: true,
            include: ["test/types/**/*.test-d.{ts,tsx}"],
            tsconfig: "./tsconfig.json",
          },
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/**/*.browser.test.{ts,tsx}"],
          setupFiles: ["test/setup.browser.ts"],
          browser: browser(),
        },
      },
      {
        extends: true,
        plugins: [storybookTest({ configDir: path.join(dirname, ".storybook") })],
        test: { name: "storybook", browser: browser() },
      },
      {
        extends: true,
        test: {
          // Real RabbitMQ Web-STOMP with real time (scripts/rabbitmq.sh); files run one at a time
          // because some of them kill and pause the broker.
          name: "broker",
          environment: "node",
          include: ["test/broker/**/*.test.ts"],
          exclude: ["test/broker/cluster/**"],
          env: { STOMPKIT_BROKER: "rabbitmq" },
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ["test/broker/globalSetup.ts"],
        },
      },
      {
        extends: true,
        test: {
          // The demo end to end (issue 13 §3): real Chromium pages (playwright-core + Debian's chromium) on the
          // demo's Vite server, through the dev server bin (dist, built by the dist setup when stale) and RabbitMQ.
          // After the broker project, which kills and pauses RabbitMQ.
          name: "e2e",
          environment: "node",
          include: ["test/e2e/**/*.e2e.test.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          globalSetup: ["test/dist/globalSetup.ts", "test/broker/globalSetup.ts"],
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // The same broker suite's parity files (test/broker/parity: receipts, acks and NACK, transactions,
          // kill -9, heart-beats) against ActiveMQ 5.17 (scripts/activemq.sh, ws://127.0.0.1:61614), after
          // the other projects: some of its files kill and pause the broker, and timing tests want the CPU.
          name: "broker-activemq",
          environment: "node",
          include: ["test/broker/parity/**/*.test.ts"],
          env: { STOMPKIT_BROKER: "activemq" },
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ["test/broker/globalSetup.activemq.ts"],
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // Failover across a two-node RabbitMQ cluster (scripts/rabbitmq-cluster.sh, ws ports 15684/15685),
          // last: these files kill nodes and measure how fast sessions move.
          name: "broker-cluster",
          environment: "node",
          include: ["test/broker/cluster/**/*.test.ts"],
          env: { STOMPKIT_BROKER: "rabbitmq" },
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: ["test/broker/globalSetup.cluster.ts"],
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
