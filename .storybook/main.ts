import path from "node:path";
import { fileURLToPath } from "node:url";
import type { StorybookConfig } from "@storybook/react-vite";

const dirname = path.dirname(fileURLToPath(import.meta.url));

const config: StorybookConfig = {
  // The MDX pages under stories/docs are the documentation site (`npm run storybook`); each shows
  // live examples from the stories with <Canvas of={…}>.
  stories: ["../stories/docs/*.mdx", "../stories/**/*.stories.@(ts|tsx)"],
  // addon-a11y: axe runs after every story (UI panel + the vitest story tests; preview.tsx makes a
  // violation fail the test). addon-docs: the MDX pages.
  addons: ["@storybook/addon-vitest", "@storybook/addon-a11y", "@storybook/addon-docs"],
  framework: { name: "@storybook/react-vite", options: { strictMode: true } },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // The docs site opens on Docs/Getting started, not on Storybook's own onboarding checklist.
  features: { sidebarOnboardingChecklist: false },
  async viteFinal(config) {
    const { mergeConfig } = await import("vite");
    return mergeConfig(config, {
      resolve: {
        alias: [
          { find: /^stompkit\/chat\/core$/, replacement: path.join(dirname, "../src/chat/core/index.ts") },
          { find: /^stompkit\/core$/, replacement: path.join(dirname, "../src/core/index.ts") },
          { find: /^stompkit\/testing\/react$/, replacement: path.join(dirname, "../src/testing/react.ts") },
          {
            find: /^stompkit\/chat\/styles\.css$/,
            replacement: path.join(dirname, "../src/chat/styles.css"),
          },
          { find: /^stompkit\/chat$/, replacement: path.join(dirname, "../src/chat/index.ts") },
          { find: /^stompkit\/devtools$/, replacement: path.join(dirname, "../src/devtools/index.ts") },
          { find: /^stompkit\/tabs$/, replacement: path.join(dirname, "../src/tabs/index.ts") },
          { find: /^stompkit\/testing$/, replacement: path.join(dirname, "../src/testing/index.ts") },
          { find: /^stompkit$/, replacement: path.join(dirname, "../src/index.ts") },
        ],
      },
      // storybook dev + Vite 8: `react` is not found by the dep scan and arrives as raw CJS
      // ("does not provide an export named 'default'"), research/toolchain.md §9.9.
      optimizeDeps: { include: ["react", "react-dom", "react-dom/client", "@stomp/stompjs", "zustand"] },
    });
  },
};

export default config;
