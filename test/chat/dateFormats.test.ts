// dateFormats is internal: the chat parts' Intl.DateTimeFormat cache. The first formatter of a page costs
import { spyOnDateTimeFormat } from "./helpers";

// ~20 ms in Chromium, so the default locale's are made in the first idle period after the module loads.
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.resetModules();
});

const load = () => import("../../src/chat/dateFormats");
const styles = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls.map(([locale, options]) => `${String(locale)} ${Object.keys(options as object).join()}`);

describe("chat date formatters", () => {
  it("makes the default locale's formatters in the first idle period after the module loads, once", async () => {
    const idle = vi.fn();
    vi.stubGlobal("requestIdleCallback", idle);
    const spy = spyOnDateTimeFormat();
    const { dateFormatter } = await load();
    expect(idle).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls).toEqual([]); // nothing at load: only when the browser is idle
    idle.mock.calls[0]?.[0]();
    expect(styles(spy).sort()).toEqual(["undefined dateStyle", "undefined timeStyle"]);
    // The parts then format with them: no new formatter, and the same text a fresh one gives.
    const time = dateFormatter(undefined, "timeStyle")(Date.UTC(2026, 10, 26, 9, 5));
    expect(spy.mock.calls).toHaveLength(2);
    expect(time).toBe(
      new Intl.DateTimeFormat(undefined, { timeStyle: "short" }).format(Date.UTC(2026, 10, 26, 9, 5)),
    );
  });

  it("does nothing at load where there is no requestIdleCallback (servers, jsdom, Safari)", async () => {
    vi.stubGlobal("requestIdleCallback", undefined);
    const spy = spyOnDateTimeFormat();
    const { dateFormatter } = await load();
    expect(spy.mock.calls).toEqual([]);
    expect(dateFormatter("de-CH", "dateStyle")(Number.NaN)).toBe(""); // NaN formats to nothing, makes nothing
    expect(spy.mock.calls).toEqual([]);
    dateFormatter("de-CH", "dateStyle")(0);
    dateFormatter("de-CH", "dateStyle")(1);
    expect(styles(spy)).toEqual(["de-CH dateStyle"]); // one per locale and style
  });
});
