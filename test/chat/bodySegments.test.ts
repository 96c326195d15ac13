import { safeHref } from "stompkit/chat";
import { bodySegments } from "../../src/chat/bodySegments";

// bodySegments is internal (not a public export); it is the one place link ranges become hrefs.
describe("safeHref", () => {
  it.each([
    ["https://example.com/a?b=1#c", "https://example.com/a?b=1#c"],
    ["http://example.com", "http://example.com/"],
    ["mailto:bob@example.com", "mailto:bob@example.com"],
    ["HTTPS://EXAMPLE.COM", "https://example.com/"],
  ])("lets %s through", (source, href) => {
    expect(safeHref(source)).toBe(href);
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\u0000javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "/relative",
    "example.com",
    "",
    "x".repeat(10_000),
  ])("refuses %j", (source) => {
    expect(safeHref(source)).toBeUndefined();
  });

  it("refuses non-strings", () => {
    for (const v of [undefined, null, 1, {}, ["https://a.b"]]) expect(safeHref(v)).toBeUndefined();
  });
});

describe("bodySegments", () => {
  const link = (source: string, startPosition: number, endPosition: number) => ({
    source,
    startPosition,
    endPosition,
  });

  it("cuts the body at the server's ranges", () => {
    const body = "see example.com and mail me";
    expect(bodySegments(body, [link("https://example.com", 4, 15)]).segments).toEqual([
      { text: "see " },
      { text: "example.com", href: "https://example.com/" },
      { text: " and mail me" },
    ]);
  });

  it("ignores unsafe schemes, bad, empty, reversed, out-of-range and overlapping ranges", () => {
    const body = "click here now please";
    const { segments } = bodySegments(body, [
      link("javascript:alert(1)", 0, 5),
      link("https://ok.example", 6, 10),
      link("https://overlap.example", 8, 14),
      link("https://neg.example", -1, 3),
      link("https://nan.example", Number.NaN, 3),
      link("https://frac.example", 1.5, 3),
      link("https://empty.example", 11, 11),
      link("https://reversed.example", 14, 11),
      link("https://far.example", 15, 999),
      null as never,
    ]);
    expect(segments).toEqual([
      { text: "click " },
      { text: "here", href: "https://ok.example/" },
      { text: " now please" },
    ]);
    expect(segments.map((s) => s.text).join("")).toBe(body);
  });

  it("caps huge bodies without splitting a surrogate pair", () => {
    const body = `${"a".repeat(9)}😀${"b".repeat(1_000_000)}`;
    const { segments, truncated } = bodySegments(body, undefined, 10);
    expect(truncated).toBe(true);
    expect(segments).toEqual([{ text: "a".repeat(9) }]);
    const whole = bodySegments(body, undefined, 11);
    expect(whole.segments[0]?.text).toBe(`${"a".repeat(9)}😀`);
  });

  it("treats a non-string body and a non-array links value as text", () => {
    expect(bodySegments(undefined as never, "x" as never).segments).toEqual([{ text: "" }]);
  });
});
