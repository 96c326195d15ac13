import { parseArgs } from "node:util";
import { DevServerConfigError } from "./seedFile";
import {
  DEFAULT_DEV_SERVER_PORT,
  type DevServerOptions,
  type DevServerProfile,
  devServerProfiles,
  startDevServer,
} from "./startDevServer";

const USAGE = `Usage: stompkit-dev-server [options]

A StompX chat server for development (not for production): STOMP 1.2 over WebSocket on loopback.

Options:
  --port <n>       port to listen on (default ${DEFAULT_DEV_SERVER_PORT}; 0 = any free port)
  --host <addr>    interface (default 127.0.0.1; anything else exposes it without authentication)
  --profile <p>    ${devServerProfiles.join(" | ")} (default stompx-2020)
  --seed <file>    threads and history to start with (JSON, see the README)
  --data <file>    keep history in this JSON file across restarts (written before each RECEIPT)
  --heartbeat <ms> heart-beat offered both ways (default 10000; 0 = none)
  --quiet          no per-connection lines
  -h, --help       this text`;

/** Parses the command line: options, or the message for exit code 2. */
export function parseDevServerArgs(argv: readonly string[]): DevServerOptions | { error: string } | "help" {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        profile: { type: "string" },
        seed: { type: "string" },
        data: { type: "string" },
        heartbeat: { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    return { error: (e as Error).message };
  }
  if (values.help) return "help";
  const options: DevServerOptions = {};
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d{1,5}$/.test(String(values.port)) || port > 65535)
      return { error: `--port must be 0–65535, not ${JSON.stringify(values.port)}` };
    options.port = port;
  }
  if (values.host !== undefined) {
    if (!/^[A-Za-z0-9.:-]{1,253}$/.test(String(values.host)))
      return { error: `--host must be an address or host name` };
    options.host = String(values.host);
  }
  if (values.profile !== undefined) {
    if (!devServerProfiles.includes(values.profile as DevServerProfile))
      return { error: `--profile must be one of ${devServerProfiles.join(", ")}` };
    options.profile = values.profile as DevServerProfile;
  }
  if (values.heartbeat !== undefined) {
    if (!/^\d{1,7}$/.test(String(values.heartbeat)))
      return { error: "--heartbeat must be a whole number of milliseconds" };
    options.heartbeat = `${values.heartbeat},${values.heartbeat}`;
  }
  if (typeof values.seed === "string") options.seed = values.seed;
  if (typeof values.data === "string") options.data = values.data;
  if (values.quiet) options.log = (line) => !/^[+-] connection/.test(line) && console.log(line);
  return options;
}

/** Runs the command: exit 0 after Ctrl+C, 1 when it cannot start, 2 for bad flags. */
export async function runDevServerCli(argv: readonly string[]): Promise<void> {
  const parsed = parseDevServerArgs(argv);
  if (parsed === "help") {
    console.log(USAGE);
    return;
  }
  if ("error" in parsed) {
    console.error(`stompkit-dev-server: ${parsed.error}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  let server: Awaited<ReturnType<typeof startDevServer>>;
  try {
    server = await startDevServer(parsed);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "EADDRINUSE")
      console.error(
        `stompkit-dev-server: port ${parsed.port ?? DEFAULT_DEV_SERVER_PORT} is in use; pick another with --port <n>`,
      );
    else if (err.code === "EADDRNOTAVAIL")
      console.error(`stompkit-dev-server: cannot listen on ${parsed.host}`);
    else if (e instanceof DevServerConfigError) console.error(`stompkit-dev-server: ${e.message}`);
    else console.error(`stompkit-dev-server: ${err.message}`);
    process.exitCode = e instanceof DevServerConfigError ? 2 : 1;
    return;
  }
  console.log(`stompkit dev server (${server.stompx.profile.name}) listening: brokerURL ${server.url}`);
  console.log("Not for production. Ctrl+C to stop.");
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing connections`);
    void server.close().then(() => {
      process.exitCode = 0;
    });
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}
