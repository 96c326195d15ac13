import { open, readFile, rename, unlink } from "node:fs/promises";
import type { StompXSnapshot } from "stompkit/testing";
import { DevServerConfigError } from "./seedFile";

/** Reads the `--data` file: `undefined` when it does not exist yet. */
export async function readDataFile(path: string): Promise<StompXSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  let data: StompXSnapshot;
  try {
    data = JSON.parse(text);
  } catch {
    throw new DevServerConfigError(`${path}: not JSON (move it away to start empty)`);
  }
  if (data?.version !== 1 || typeof data.threads !== "object" || data.threads === null)
    throw new DevServerConfigError(`${path}: not a stompkit-dev-server data file (version 1)`);
  return data;
}

/**
 * Writes snapshots atomically (a temp file beside it, fsync, rename: a crash mid-write leaves the old
 * file whole) and in groups: `save()` resolves once a write that began after the call is on disk, so
 * many confirmations during one write share the next one.
 */
export function createDataWriter(path: string, snapshot: () => StompXSnapshot) {
  const temp = `${path}.${process.pid}.tmp`;
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;

  async function writeOnce() {
    const file = await open(temp, "w");
    try {
      await file.writeFile(JSON.stringify(snapshot()));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  }

  function start(): Promise<void> {
    const run = writeOnce().finally(() => {
      if (running === run) running = undefined;
    });
    running = run;
    return run;
  }

  return {
    save(): Promise<void> {
      if (!running) return start();
      // One write waits behind the running one and takes everything stored until it begins.
      next ??= running
        .catch(() => {})
        .then(() => {
          next = undefined;
          return start();
        });
      return next;
    },
    /** Waits for writes in progress (shutdown). */
    async flush(): Promise<void> {
      await next?.catch(() => {});
      await running?.catch(() => {});
      await unlink(temp).catch(() => {});
    },
  };
}
