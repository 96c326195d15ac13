// The embedded StompX server of `stompkit/testing`, run in Node behind a real WebSocket (bench/chat/server.mjs):
// each WebSocket connection gets a socket of the server's in-memory broker, and frames are copied both ways.
// Built with esbuild by bench/chat/run.mjs. The thread is seeded with bench/chat/messages.ts, and the stream
// publishes the same messages as live `created` events, with their `m<index>` ids (the `stompx-1` profile,
// whose message resources carry an `id`).

import { createStompXServer } from "stompkit/testing";
import type { WebSocket } from "ws";
import { benchMessage } from "./messages";

export const PROFILE = "stompx-1";

export function createBenchServer() {
  const server = createStompXServer({ profile: PROFILE });
  const { profile } = server;
  const topic = (thread: string) => profile.topic.split("{thread}").join(thread);
  const created = profile.events.created[0]!;

  return {
    connect(ws: WebSocket) {
      const socket = server.webSocketFactory();
      const early: string[] = [];
      socket.onopen = () => {
        for (const data of early.splice(0)) socket.send(data);
      };
      socket.onmessage = (e) => ws.send(typeof e.data === "string" ? e.data : Buffer.from(e.data));
      socket.onclose = () => ws.close();
      ws.on("message", (data, isBinary) => {
        const text = isBinary ? Buffer.from(data as Buffer).toString("utf8") : data.toString();
        if (socket.readyState === 1) socket.send(text);
        else early.push(text);
      });
      ws.on("close", () => socket.close());
      ws.on("error", () => socket.close());
    },

    seed(thread: string, n: number) {
      const messages = [];
      for (let i = 0; i < n; i++) {
        const m = benchMessage(i);
        messages.push({ id: m.id, body: m.text, user: m.author, createdTime: m.createdAt });
      }
      server.seed(thread, messages);
      return { thread, seeded: n };
    },

    /** Publishes messages `from` … `from + n - 1` as live events, paced to `rate`/s in 16 ms batches. */
    stream(thread: string, from: number, n: number, rate: number) {
      const destination = topic(thread);
      const publish = (i: number) => {
        const m = benchMessage(i);
        const resource = {
          id: m.id,
          type: "TEXT",
          user: { type: "PERSON", name: m.author },
          body: m.text,
          createdTime: new Date(m.createdAt).toISOString(),
        };
        server.broker.publish(destination, JSON.stringify({ type: created, version: "v1", resource }), {
          "content-type": "application/json",
        });
      };
      return new Promise((resolve) => {
        const t0 = performance.now();
        let sent = 0;
        const timer = setInterval(() => {
          const due = Math.min(n, Math.floor(((performance.now() - t0) * rate) / 1000));
          while (sent < due) publish(from + sent++);
          if (sent >= n) {
            clearInterval(timer);
            resolve({ sent, ms: performance.now() - t0 });
          }
        }, 16);
      });
    },
  };
}
