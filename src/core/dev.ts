/**
 * True in development builds, false in production ones: `process.env.NODE_ENV !== "production"`,
 * read once. Bundlers replace `process.env.NODE_ENV` (Vite, webpack, Next.js, Rollup with its replace
 * plugin, esbuild with `--minify` or `--define`), so in a production build `DEV` is the constant
 * `false` and every `DEV && "…"` message is removed from the bundle: errors then carry their `code`
 * and a README anchor instead of prose, and dev warnings are gone. The checks themselves always run.
 * Node, Bun and Deno read the variable at run time. (A browser page loading the files without a
 * bundler must define `globalThis.process = { env: { NODE_ENV: "production" } }` first, as for React.)
 */
export const DEV: boolean = process.env.NODE_ENV !== "production";

/** Where production messages point: the README's table of error codes. */
export const ERRORS_ANCHOR = "https://www.npmjs.com/package/stompkit#errors";
