// Issue 13 §1: `data: <file>` keeps every confirmed message (RECEIPT received) across a restart and a
// kill -9, refuses a corrupt file by name, ignores a leftover temp file, and replaces the file atomically.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DevServerConfigError, startDevServer } from "stompkit/dev-server";
import { body, closeAll, devServer, spawnBin, stompClient, until } from "./helpers";

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "stompkit-data-"));
  file = path.join(dir, "chat.json");
});
afterEach(async () => {
  await closeAll();
  rmSync(dir, { recursive: true, force: true });
});

const action = (thread: string) => `/application/v1/threads/${thread}.message`;
const text = (s: string) => JSON.stringify({ type: "TEXT", body: s });

/** The whole history of a thread through the relay (one page of up to 100), oldest first. */
async function history(url: string, thread: string): Promise<string[]> {
  const reader = await stompClient(url, "reader");
  reader.subscribe(`/application/v1/threads/${thread}.messages.relay`, { size: "100" });
  await until(() => reader.messages.length === 1);
  const page = body(reader.messages[0]!).resource as { _embedded: { messages: Array<{ body: string }> } };
  await reader.client.deactivate();
  return page._embedded.messages.map((m) => m.body).reverse();
}

describe("dev server: the data file", () => {
  it("confirmed messages survive close() and a new server on the same file; an idempotent resend stays one message", async () => {
    const first = await devServer({ data: file });
    const ada = await stompClient(first.url, "ada");
    for (const s of ["one", "two", "three"]) await ada.sendWithReceipt(action("support"), text(s));
    await ada.sendWithReceipt(action("support"), text("keyed"), { "x-idempotency-key": "k-1" });
    const stored = first.stompx.messages("support");
    await first.close();

    const second = await devServer({ data: file });
    expect(await history(second.url, "support")).toEqual(["one", "two", "three", "keyed"]);
    expect(await history(second.url, "general")).toHaveLength(4); // the seed, from the file (not seeded again)

    const again = await stompClient(second.url, "ada");
    again.subscribe("/topic/v1/threads/support.messages");
    await new Promise((r) => setTimeout(r, 30));
    await again.sendWithReceipt(action("support"), text("keyed"), { "x-idempotency-key": "k-1" });
    await until(() => again.messages.length === 1);
    const echoed = body(again.messages[0]!).resource;
    expect(echoed.body).toBe("keyed");
    expect(echoed.createdTime).toBe(stored[3]!.createdTime); // the same message, not a new one
    expect(second.stompx.messages("support").map((m) => m.body)).toEqual(["one", "two", "three", "keyed"]);
    // The key is per user: bob's resend with the same key is a message of his own.
    const bob = await stompClient(second.url, "bob");
    await bob.sendWithReceipt(action("support"), text("keyed"), { "x-idempotency-key": "k-1" });
    expect(second.stompx.messages("support")).toHaveLength(5);
  });

  it("kill -9: every message whose RECEIPT came is in the file the next process starts from", async () => {
    const n = 25;
    const bin = spawnBin(["--port", "0", "--data", file, "--quiet"]);
    const ada = await stompClient(await bin.url(), "ada");
    for (let i = 0; i < n; i++) await ada.sendWithReceipt(action("crash"), text(`m${i}`));
    bin.child.kill("SIGKILL");
    expect(await bin.exited).toEqual({ code: null, signal: "SIGKILL" });
    await ada.client.deactivate();

    const next = spawnBin(["--port", "0", "--data", file, "--quiet"]);
    expect(await history(await next.url(), "crash")).toEqual(Array.from({ length: n }, (_, i) => `m${i}`));
  });

  it.each([
    ["not JSON", '{"version":1,"threads":{"general":', /chat\.json: not JSON/],
    ["another format", '{"threads":[]}', /chat\.json: not a stompkit-dev-server data file/],
  ])(
    "a corrupt data file (%s): startDevServer rejects with DevServerConfigError naming the file",
    async (_n, content, message) => {
      writeFileSync(file, content);
      const start = startDevServer({ port: 0, log: false, data: file });
      await expect(start).rejects.toBeInstanceOf(DevServerConfigError);
      await expect(start).rejects.toThrow(message);
      await expect(start).rejects.toThrow(file);
      expect(readFileSync(file, "utf8")).toBe(content); // left as it was, for the user to look at
    },
  );

  it("a leftover *.tmp file does not matter", async () => {
    const first = await devServer({ data: file });
    const ada = await stompClient(first.url, "ada");
    await ada.sendWithReceipt(action("support"), text("kept"));
    await first.close();
    // What a crash mid-write leaves: a partial temp file (this process's name and another's).
    writeFileSync(`${file}.${process.pid}.tmp`, '{"version":1,"thr');
    writeFileSync(`${file}.99999.tmp`, "garbage");
    const second = await devServer({ data: file });
    expect(await history(second.url, "support")).toEqual(["kept"]);
    const bob = await stompClient(second.url, "bob");
    await bob.sendWithReceipt(action("support"), text("after"));
    await second.close();
    expect(
      JSON.parse(readFileSync(file, "utf8")).threads.support.messages.map((m: { body: string }) => m.body),
    ).toEqual(["kept", "after"]);
  });

  it("the file is replaced atomically: every read during a burst of writes is whole JSON", async () => {
    const bin = spawnBin(["--port", "0", "--data", file, "--quiet"]);
    const url = await bin.url();
    const clients = await Promise.all(["ada", "bob", "cy", "dee"].map((u) => stompClient(url, u)));
    let reads = 0;
    const bad: string[] = [];
    let burstDone = false;
    const reader = (async () => {
      while (!burstDone) {
        const content = await readFile(file, "utf8");
        reads++;
        try {
          JSON.parse(content);
        } catch {
          bad.push(content.slice(-80));
        }
      }
    })();
    const per = 100;
    await Promise.all(
      clients.flatMap((c, i) =>
        Array.from({ length: per }, (_, j) => c.sendWithReceipt(action(`burst${i % 2}`), text(`c${i}-${j}`))),
      ),
    );
    burstDone = true;
    await reader;
    expect(bad).toEqual([]);
    // The reader overlapped the burst (how often it got in depends on the machine's load).
    expect(reads).toBeGreaterThan(2);
    const saved = JSON.parse(readFileSync(file, "utf8")) as {
      threads: Record<string, { messages: unknown[] }>;
    };
    expect(saved.threads.burst0!.messages.length + saved.threads.burst1!.messages.length).toBe(4 * per);
  });
});
