/**
 * The date and time formatters of the chat parts: one `Intl.DateTimeFormat` per locale and style for
 * the whole page, made on first use.
 *
 * The first `Intl.DateTimeFormat` a page creates costs 17–26 ms in Chromium (ICU sets up its locale
 * and time-zone data; later ones cost ~1 ms). So that the first thread shown does not pay it, the
 * default locale's formatters are made in the browser's first idle period after this module loads
 * (`requestIdleCallback`; nothing happens where it does not exist: servers, jsdom, Safari). The cost
 * stays the same, but it moves out of the frame that shows the conversation. @internal
 */

type Style = "dateStyle" | "timeStyle";
const VALUE: Record<Style, "medium" | "short"> = { dateStyle: "medium", timeStyle: "short" };
const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string | undefined, style: Style): Intl.DateTimeFormat {
  const key = `${locale ?? ""} ${style}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { [style]: VALUE[style] });
    formats.set(key, f);
  }
  return f;
}

/** Formats epoch ms as a day (`dateStyle: "medium"`) or a time (`timeStyle: "short"`); "" for NaN. */
export const dateFormatter =
  (locale: string | undefined, style: Style) =>
  (ms: number): string =>
    Number.isFinite(ms) ? format(locale, style).format(ms) : "";

/** Makes both formatters of `locale` now (a no-op once they exist). */
export function warmDateFormats(locale?: string): void {
  format(locale, "dateStyle");
  format(locale, "timeStyle");
}

const idle = (globalThis as { requestIdleCallback?: (cb: () => void) => number }).requestIdleCallback;
if (typeof idle === "function") idle(() => warmDateFormats());
