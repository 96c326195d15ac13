import { createChatThreadStore } from "stompkit/core";
import { chatSession, flush } from "./helpers";

const now = () => Number(process.hrtime.bigint()) / 1e6;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
});
for (const window of [10_000])
  it(`measure window ${window}`, async () => {
    const ctx = await chatSession({ session: { debug: false } });
    const thread = createChatThreadStore(ctx.session, { thread: "1", pageSize: 100, window });
    thread.mount();
    await flush();
    for (let i = 0; i < window; i++) ctx.server.post("1", { body: `pre${i}` });
    await flush();
    let t = now();
    for (let i = 0; i < 5000; i++) ctx.server.post("1", { body: `live${i}` });
    await flush();
    let dt = now() - t;
    console.log(
      window,
      "5000 live:",
      dt.toFixed(1),
      "ms",
      ((dt / 5000) * 1000).toFixed(1),
      "µs/msg",
      thread.store.getState().messages.length,
    );
    t = now();
    for (let i = 0; i < 300; i++) await thread.send(`s${i}`);
    dt = now() - t;
    console.log(window, "300 sequential sends:", dt.toFixed(1), "ms", (dt / 300).toFixed(2), "ms/send");
    t = now();
    await Promise.all(Array.from({ length: 300 }, (_, i) => thread.send(`p${i}`)));
    dt = now() - t;
    console.log(window, "300 parallel sends:", dt.toFixed(1), "ms", (dt / 300).toFixed(2), "ms/send");
    ctx.release();
  }, 120000);
