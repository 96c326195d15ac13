// `npm start`: the StompX dev server and the demo's Vite dev server together, one URL to open.
//   npm start                                   the demo on the embedded dev server (history in demo/.data)
//   npm start -- --broker ws://127.0.0.1:15674/ws   the same demo on a plain broker (profile "broker")
// Flags: --port <n> (the page, default 5173), --server-port <n> (the dev server, default 15690),
// --data <file>, --login / --passcode (broker mode; default guest/guest). Env: STOMPKIT_DEMO_BROKER.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const dirname = path.dirname(fileURLToPath(import.meta.url));

function options() {
  try {
    const { values } = parseArgs({
      strict: true,
      options: {
        broker: { type: "string" },
        port: { type: "string", default: "5173" },
        "server-port": { type: "string", default: "15690" },
        data: { type: "string", default: path.join(dirname, ".data/chat.json") },
        login: { type: "string" },
        passcode: { type: "string" },
      },
    });
    for (const flag of ["port", "server-port"])
      if (!/^\d{1,5}$/.test(values[flag]) || Number(values[flag]) > 65535)
        throw new Error(`--${flag} must be a port number`);
    const broker = values.broker ?? process.env.STOMPKIT_DEMO_BROKER;
    if (broker !== undefined && !/^wss?:\/\//.test(broker))
      throw new Error("--broker must be a ws:// or wss:// URL");
    return { ...values, broker };
  } catch (e) {
    console.error(`npm start: ${e.message}`);
    process.exit(2);
  }
}

const args = options();
process.env.STOMPKIT_DEV_SERVER_PORT = args["server-port"];
if (args.broker) {
  process.env.VITE_STOMPKIT_MODE = "broker";
  process.env.VITE_STOMPKIT_URL = args.broker;
  if (args.login) process.env.VITE_STOMPKIT_LOGIN = args.login;
  if (args.passcode) process.env.VITE_STOMPKIT_PASSCODE = args.passcode;
} else {
  process.env.VITE_STOMPKIT_MODE = "dev-server";
  process.env.VITE_STOMPKIT_URL = `ws://127.0.0.1:${args["server-port"]}/ws`;
}

const { createServer } = await import("vite");
const vite = await createServer({
  configFile: path.join(dirname, "vite.config.ts"),
  server: { port: Number(args.port) },
});
let devServer;
try {
  if (!args.broker) {
    // The dev server from the sources, through Vite's module loader (nothing to build first).
    const { startDevServer } = await vite.ssrLoadModule(path.join(dirname, "../src/dev-server/index.ts"));
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.dirname(args.data), { recursive: true });
    devServer = await startDevServer({ port: Number(args["server-port"]), data: args.data });
  }
  await vite.listen();
} catch (e) {
  const inUse = e?.code === "EADDRINUSE" || /Port \d+ is (already )?in use/.test(String(e?.message));
  console.error(
    inUse
      ? `npm start: ${e.message} (choose others with --port / --server-port)`
      : `npm start: ${e?.stack ?? e}`,
  );
  await devServer?.close();
  await vite.close();
  process.exit(1);
}

const url = `http://127.0.0.1:${vite.config.server.port}/`;
console.log(
  args.broker
    ? `stompkit demo on ${args.broker} (profile "broker"): open ${url}`
    : `stompkit demo: open ${url} in two windows and chat between them`,
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"])
  process.once(signal, async () => {
    if (stopping) return;
    stopping = true;
    await devServer?.close();
    await vite.close();
    process.exit(0);
  });
