// `stompkit/testing/react`: render helpers for component tests. Kept apart from `stompkit/testing` so
// the fake broker works in apps and tests without `@testing-library/react` installed.
export type { RenderWithStompOptions, RenderWithStompResult } from "./renderWithStomp";
export { renderWithStomp } from "./renderWithStomp";
