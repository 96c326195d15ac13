// Bundle sizes of stompkit apps: esbuild --minify, gzip -9; react, react-dom, @stomp/stompjs external.
// `node bench/size.mjs` prints the figures (the two apps of issue 6 §9 and the chat app of issue 7 §7)
// and what each module costs (esbuild metafile, bytes in the minified output); `--json` prints them as
// JSON. bench/run.mjs imports `sizes()` for its table.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import esbuild from "esbuild";

const repo = path.resolve(import.meta.dirname, "..");
const peers = ["react", "react/*", "react-dom", "react-dom/*", "@stomp/stompjs"];
// `<StompProvider shareAcrossTabs>` imports stompkit/tabs dynamically: an app's bundler makes it a
// chunk of its own, loaded only by apps that share; its size is the `tabs` row, apart.
const lazy = ["stompkit/tabs"];

/**
 * Targets (gzip bytes) from issue 14, which retired issue 6 §9's 4,000 / 8,000 B and issue 7 §7's
 * 20,000 B (set on a prototype without the behaviours issues 6–8 then required).
 */
export const SIZE_TARGETS = { minimal: 10_000, full: 13_000, chat: 32_000 };

const entries = {
  stompkit: "src/index.ts",
  "stompkit/core": "src/core/index.ts",
  "stompkit/chat": "src/chat/index.ts",
  "stompkit/chat/core": "src/chat/core/index.ts",
  "stompkit/tabs": "src/tabs/index.ts",
};

/**
 * Bundles `source` (stompkit resolved to src). `stubs` maps a bare specifier to replacement source
 * (to measure what a dependency costs by bundling without it).
 */
export async function bundleSize(name, source, stubs = {}, alsoExternal = []) {
  const result = await esbuild.build({
    stdin: { contents: source, loader: "tsx", resolveDir: repo, sourcefile: `${name}.tsx` },
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    jsx: "automatic",
    treeShaking: true,
    define: { "process.env.NODE_ENV": '"production"' },
    external: [...peers, ...lazy, ...alsoExternal],
    logLevel: "error",
    metafile: true,
    plugins: [
      {
        name: "stompkit-src",
        setup(b) {
          b.onResolve({ filter: /^stompkit(\/core|\/chat|\/chat\/core)?$/ }, (args) =>
            alsoExternal.includes(args.path)
              ? { path: args.path, external: true }
              : { path: path.join(repo, entries[args.path]) },
          );
          b.onResolve({ filter: /.*/ }, (args) =>
            Object.hasOwn(stubs, args.path) ? { path: args.path, namespace: "stub" } : undefined,
          );
          b.onLoad({ filter: /.*/, namespace: "stub" }, (args) => ({
            contents: stubs[args.path],
            loader: "ts",
          }));
        },
      },
    ],
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.entries(result.metafile.outputs)[0][1].inputs;
  const byPackage = {};
  const byModule = {};
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const m = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const key = m ? m[1] : file.startsWith("src/") ? "stompkit src" : "app";
    byPackage[key] = (byPackage[key] ?? 0) + bytesInOutput;
    if (bytesInOutput > 0) byModule[m ? m[1] : file] = (byModule[m ? m[1] : file] ?? 0) + bytesInOutput;
  }
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length, byPackage, byModule };
}

export const MINIMAL = `import { StompProvider, useSubscription } from "stompkit";
function Last() {
  const { last, count } = useSubscription<{ text: string }>("/topic/x", { keep: 1 });
  return <p>{count} {last?.body.text}</p>;
}
export function App() {
  return <StompProvider url="wss://example.com/ws"><Last /></StompProvider>;
}`;

export const FULL = `import { StompProvider, useConnectionState, useReceipt, useSend, useStompSession, useSubscription } from "stompkit";
function Last() {
  const { last, count } = useSubscription<{ text: string }>("/topic/x", { keep: 1 });
  const { status } = useConnectionState();
  const { send, status: sendStatus } = useSend();
  const receipt = useReceipt("order-1");
  const session = useStompSession();
  return (
    <div>
      <p>{count} {last?.body.text} {status} {sendStatus} {receipt.status}</p>
      <button onClick={() => send("/app/order", { id: 1 }, { receipt: "order-1" })}>send</button>
      <button onClick={() => session.transaction(async (tx) => { tx.send("/app/a", "x"); })}>tx</button>
    </div>
  );
}
export function App() {
  return <StompProvider url="wss://example.com/ws"><Last /></StompProvider>;
}`;

/** Issue 7 §7: the app of the seed, `<ChatThread>` under the provider. */
export const CHAT = `import { StompProvider } from "stompkit";
import { ChatThread } from "stompkit/chat";
export function App() {
  return <StompProvider url="wss://example.com/stompx/websocket"><ChatThread thread="1" /></StompProvider>;
}`;

/** The virtualizer replaced by a no-op: the chat app without it shows what @tanstack/react-virtual costs. */
const NO_VIRTUALIZER = {
  "@tanstack/react-virtual":
    "export const useVirtualizer = (o: any): any => o; export const defaultRangeExtractor = (r: any): any => [r.startIndex];",
};

const RSH = `import { useState } from "react";
import { StompSessionProvider, useSubscription } from "react-stomp-hooks";
function Last() {
  const [last, setLast] = useState<{ text: string }>();
  const [count, setCount] = useState(0);
  useSubscription("/topic/x", (m) => { setLast(JSON.parse(m.body)); setCount((c) => c + 1); });
  return <p>{count} {last?.text}</p>;
}
export function App() {
  return <StompSessionProvider url="wss://example.com/ws"><Last /></StompSessionProvider>;
}`;

/**
 * `stompkit`: provider + useSubscription; `full`: provider + every hook with receipts, the outbox
 * and a transaction; `rsh`: react-stomp-hooks doing what `stompkit` does; `chat`: provider +
 * `<ChatThread>`, with `chatVirtualizerGzip` = what @tanstack/react-virtual adds to it.
 */
export async function sizes() {
  const chat = await bundleSize("chat-app", CHAT);
  const chatWithoutVirtualizer = await bundleSize("chat-app-no-virtualizer", CHAT, NO_VIRTUALIZER);
  return {
    stompkit: await bundleSize("stompkit-app", MINIMAL),
    full: await bundleSize("stompkit-full-app", FULL),
    rsh: await bundleSize("rsh-app", RSH),
    chat,
    chatVirtualizerGzip: chat.gzip - chatWithoutVirtualizer.gzip,
    // The lazy chunk alone (the core it uses is already in the app).
    tabs: await bundleSize("tabs-chunk", `export * from "./src/tabs/index.ts";`, {}, ["stompkit/core"]),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const s = await sizes();
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(s, null, 2));
  } else {
    const rows = [
      ["provider + useSubscription", s.stompkit, SIZE_TARGETS.minimal],
      ["provider + all hooks (receipts, outbox, transaction)", s.full, SIZE_TARGETS.full],
      ["react-stomp-hooks (same minimal app)", s.rsh],
      ["provider + <ChatThread>", s.chat, SIZE_TARGETS.chat],
      ["stompkit/tabs, the chunk shareAcrossTabs loads", s.tabs],
    ];
    for (const [label, r, target] of rows) {
      const verdict = target ? (r.gzip <= target ? `  MET ≤ ${target}` : `  MISSED > ${target}`) : "";
      console.log(`${label}: ${r.gzip} B gzip (${r.minified} B min)${verdict}`);
    }
    console.log(`  of which @tanstack/react-virtual + virtual-core: ${s.chatVirtualizerGzip} B gzip`);
    for (const [label, r] of [
      ["minimal", s.stompkit],
      ["full", s.full],
      ["chat", s.chat],
    ]) {
      console.log(`\n${label}: bytes of minified output per module`);
      for (const [mod, bytes] of Object.entries(r.byModule).sort((a, b) => b[1] - a[1])) {
        console.log(`  ${String(bytes).padStart(6)}  ${mod}`);
      }
    }
  }
}
