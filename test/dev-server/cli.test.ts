// Issue 13 §1: the built bin (`stompkit-dev-server`, dist/dev-server/bin.js) as a user runs it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { closeAll, spawnBin, stompClient, until } from "./helpers";

afterEach(closeAll);

describe("stompkit-dev-server (the bin)", () => {
  it("prints the URL and 'Not for production', one line per connect and disconnect, no credentials", async () => {
    const bin = spawnBin(["--port", "0"]);
    const url = await bin.url();
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    expect(bin.stdout).toContain(`stompkit dev server (stompx-2020) listening: brokerURL ${url}`);
    await until(() => bin.stdout.includes("Not for production"));

    const ada = await stompClient(url, "ada", {
      connectHeaders: { "StompX-User": "ada", login: "ada", passcode: "secret-XYZ" },
    });
    await until(() => /^\+ connection #1 /m.test(bin.stdout));
    await ada.client.deactivate();
    await until(() => /^- connection #1 "ada" closed \d+ \(0 open\)$/m.test(bin.stdout));
    await new Promise((r) => setTimeout(r, 100));
    const lines = bin.stdout.split("\n").filter((l) => /connection #/.test(l));
    expect(lines).toEqual([
      expect.stringMatching(/^\+ connection #1 from 127\.0\.0\.1 \(1 open\)$/),
      expect.stringMatching(/^- connection #1 "ada" closed \d+ \(0 open\)$/),
    ]);
    expect(bin.stdout + bin.stderr).not.toContain("secret-XYZ");
  });

  it("SIGINT: a connected client sees close code 1001 and the process exits 0", async () => {
    const bin = spawnBin(["--port", "0"]);
    const codes: number[] = [];
    await stompClient(await bin.url(), "ada", {
      onWebSocketClose: (e: { code: number }) => void codes.push(e.code),
    });
    bin.child.kill("SIGINT");
    expect(await bin.exited).toEqual({ code: 0, signal: null });
    await until(() => codes.length === 1);
    expect(codes).toEqual([1001]);
    expect(bin.stdout).toContain("SIGINT: closing connections");
  });

  it.each([
    [["--port", "abc"], /--port must be 0–65535, not "abc"/],
    [["--port", "70000"], /--port must be 0–65535/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--profile", "nope"], /--profile must be one of stompx-2020, stompx-1, stompx-2/],
  ])("%j exits 2 with a message", async (args, message) => {
    const bin = spawnBin(args);
    expect(await bin.exited).toEqual({ code: 2, signal: null });
    expect(bin.stderr).toMatch(message);
    expect(bin.stderr).toContain("Usage: stompkit-dev-server");
    expect(bin.stdout).not.toContain("listening");
  });

  it("a port in use exits 1 with a message naming --port", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const bin = spawnBin(["--port", String(port)]);
      expect(await bin.exited).toEqual({ code: 1, signal: null });
      expect(bin.stderr).toContain(`port ${port} is in use; pick another with --port <n>`);
    } finally {
      blocker.close();
    }
  });

  it("--seed with a bad file exits 2 naming the field", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stompkit-seed-"));
    try {
      const seed = path.join(dir, "seed.json");
      writeFileSync(
        seed,
        JSON.stringify({ threads: [{ id: "ok" }, { id: "ok2", messages: [{ user: "ada" }] }] }),
      );
      const bin = spawnBin(["--port", "0", "--seed", seed]);
      expect(await bin.exited).toEqual({ code: 2, signal: null });
      expect(bin.stderr).toContain(`${seed}: threads[1].messages[0] must be a string or { "body": "…" }`);

      const missing = spawnBin(["--port", "0", "--seed", path.join(dir, "nope.json")]);
      expect(await missing.exited).toEqual({ code: 2, signal: null });
      expect(missing.stderr).toContain("cannot read the seed file");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--help exits 0 and prints the usage", async () => {
    const bin = spawnBin(["--help"]);
    expect(await bin.exited).toEqual({ code: 0, signal: null });
    expect(bin.stdout).toContain("Usage: stompkit-dev-server [options]");
    expect(bin.stdout).toContain("--data <file>");
    expect(bin.stderr).toBe("");
  });
});
