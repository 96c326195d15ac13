import type { Decorator, Preview } from "@storybook/react-vite";
import { type ReactNode, StrictMode, useLayoutEffect, useState } from "react";
import { loadFakeBroker, withFakeBroker } from "../stories/decorators/withFakeBroker";

/**
 * StrictMode for the stories run by addon-vitest too. `framework.options.strictMode` (main.ts) only
 * reaches the Storybook UI: builder-vite writes it into the iframe HTML as FRAMEWORK_OPTIONS, which
 * portable stories never see.
 *
 * Why the extra commit: React 19 double-invokes effects only when the newly placed subtree *starts*
 * at a StrictMode element (`recursivelyTraverseAndDoubleInvokeEffectsInDEV` skips a placed fiber
 * outside StrictMode). Storybook places its own wrappers first, so a plain `<StrictMode>` decorator
 * double-renders but mounts effects once. Inserting StrictMode under an already-mounted parent, in
 * a layout effect (before paint), gives the full mount → unmount → mount. Nested in the UI's own
 * StrictMode it changes nothing.
 */
function StrictModeOnMount({ children }: { children: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useLayoutEffect(() => setMounted(true), []);
  return mounted ? <StrictMode>{children}</StrictMode> : null;
}

const withStrictMode: Decorator = (Story) => (
  <StrictModeOnMount>
    <Story />
  </StrictModeOnMount>
);

const preview: Preview = {
  parameters: {
    layout: "centered",
    controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
    // axe (addon-a11y) runs after every story's play function; in `vitest run --project storybook` a
    // violation FAILS the test ('todo' would only warn). A story may narrow this with its own
    // `parameters.a11y`, never switch it off silently.
    a11y: { test: "error" },
    // The docs pages come first (Storybook opens on Getting started), then the chat stories.
    options: {
      storySort: {
        order: [
          "Docs",
          ["Getting started", "Hooks", "Chat", "StompX dialect", "Testing", "Brokers"],
          "Chat",
          ["ChatThread", ["Two People Chatting", "*"]],
          "*",
        ],
      },
    },
  },
  // Every story renders inside a StompProvider on its own in-memory broker, scripted per story with
  // `parameters.fakeBroker` (see stories/decorators/withFakeBroker.tsx).
  loaders: [loadFakeBroker],
  // The first decorator is the innermost: StrictMode wraps the provider, so its mount → unmount →
  // mount is exercised too.
  decorators: [withFakeBroker, withStrictMode],
};

export default preview;
