// The README's testing section is these files, verbatim: each code block marked `<!-- test/readme/<file> -->`
// must equal the file, and every file here (but this one and the console guard) must be in the README.
// The `readme` Vitest project runs them with the README's config (vitest.config.ts in the repo root).
// The other checked examples (quick start, receipts, transactions, Next.js) are in `snippets/`, marked
// `<!-- test/readme/snippets/<file> -->`: each must be in the README verbatim too, except the `*.test.*`
// files there, which prove what the README says about them without being shown.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const here = import.meta.dirname;
const readme = readFileSync(path.join(here, "../../README.md"), "utf8");
const marked = new Map(
  [...readme.matchAll(/<!-- test\/readme\/([\w./-]+) -->\n```\w*\n([\s\S]*?)\n```/g)].map((m) => [
    m[1]!,
    m[2]!,
  ]),
);
const notInReadme = new Set(["readme.test.ts", "failOnConsoleError.ts"]);
const snippets = readdirSync(path.join(here, "snippets"))
  .filter((f) => !/\.test\.tsx?$/.test(f))
  .map((f) => `snippets/${f}`);
const files = [
  ...readdirSync(here, { withFileTypes: true })
    .filter((f) => f.isFile() && !notInReadme.has(f.name))
    .map((f) => f.name),
  ...snippets,
];

describe("README testing section", () => {
  it("shows every file of test/readme, and nothing else under that marker", () => {
    expect([...marked.keys()].sort()).toEqual([...files].sort());
  });

  it.each(files)("shows %s verbatim", (file) => {
    expect(marked.get(file)).toBe(readFileSync(path.join(here, file), "utf8").replace(/\n$/, ""));
  });

  it('has a test titled "sends an order" that asserts a SEND frame on the wire', () => {
    const test = marked.get("Ticker.test.tsx") ?? "";
    const body = test.slice(test.indexOf('it("sends an order"'));
    expect(body.length).toBeLessThan(test.length);
    expect(body.slice(0, body.indexOf("\n  });"))).toMatch(/broker\.framesOf\("SEND"\)/);
  });

  it("imports renderWithStomp from stompkit/testing/react, and the fake broker from stompkit/testing", () => {
    const code = [...marked.values()].join("\n");
    expect(code).not.toMatch(/renderWithStomp[^\n]*from "stompkit\/testing"/);
    expect(code).toMatch(/import \{ renderWithStomp \} from "stompkit\/testing\/react"/);
    expect(code).toMatch(/import \{ createFakeBroker \} from "stompkit\/testing"/);
  });

  it.each(snippets)("runs %s in a test of snippets/", (file) => {
    const dir = path.join(here, "snippets");
    const tests = readdirSync(dir)
      .filter((f) => /\.test\.tsx?$/.test(f))
      .map((f) => readFileSync(path.join(dir, f), "utf8"));
    const name = path.basename(file).replace(/\.tsx?$/, "");
    expect(tests.some((t) => t.includes(`from "./${name}"`))).toBe(true);
  });
});
