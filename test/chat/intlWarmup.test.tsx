import { act } from "@testing-library/react";
import { ChatThread } from "stompkit/chat";
import { chatOf, msg, renderStrict, spyOnDateTimeFormat } from "./helpers";

// The first Intl.DateTimeFormat of a page costs ~20 ms in Chromium. A thread that has no messages yet
// (connecting, first page on its way) creates its formatters in that wait; one that renders messages
// at once creates them while rendering (there is no wait to fill). Each test uses its own locale: the
// formatters are shared by the whole page, one per locale and style.
describe("ChatThread.Root date formatters", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const created = (spy: { mock: { calls: unknown[][] } }, locale: string) =>
    spy.mock.calls.filter(([l]) => l === locale).map(([, options]) => Object.keys(options as object)[0]);

  it("creates them while an empty thread waits for its first page, not in the render", async () => {
    const spy = spyOnDateTimeFormat();
    renderStrict(<ChatThread chat={chatOf({ status: "connecting" })} locale="de-CH" />);
    expect(created(spy, "de-CH")).toEqual([]);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(created(spy, "de-CH").sort()).toEqual(["dateStyle", "timeStyle"]);
    // Once made, rows format with them: no new formatter for the first page.
    spy.mockClear();
    renderStrict(<ChatThread chat={chatOf({ messages: [msg(1), msg(2)] })} locale="de-CH" />);
    expect(created(spy, "de-CH")).toEqual([]);
  });

  it("does not schedule anything when the messages are there at once, nor after unmount", async () => {
    const spy = spyOnDateTimeFormat();
    const { unmount } = renderStrict(<ChatThread chat={chatOf({ status: "connecting" })} locale="fr-CA" />);
    unmount();
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(created(spy, "fr-CA")).toEqual([]);
    renderStrict(<ChatThread chat={chatOf({ messages: [msg(1)] })} locale="it-CH" />);
    const during = created(spy, "it-CH").length;
    expect(during).toBeGreaterThan(0); // the rows needed them
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(created(spy, "it-CH").length).toBe(during);
  });
});
