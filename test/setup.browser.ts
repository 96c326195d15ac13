import { beforeEach } from "vitest";

// Browser tests drive React through real frames, ResizeObserver and scroll events, not through act():
// updates outside act() are how the components run here. Testing Library's own act() (render, fireEvent)
// still turns the act environment on around its callback. Set in beforeEach, after Testing Library's
// beforeAll has switched it on for the file.
beforeEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
});
