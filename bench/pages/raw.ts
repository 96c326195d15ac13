// Baseline: @stomp/stompjs alone, no React. The subscribe callback parses the JSON body and keeps the
// last `keep` messages (or all) in an array.
import { Client } from "@stomp/stompjs";
import {
  type BenchCase,
  type Body,
  blast,
  deferred,
  type RunResult,
  register,
  type ThroughputParams,
  waitForSubscriptions,
  wsUrl,
} from "./common";

const throughput: BenchCase<ThroughputParams> = async ({ dest, n, keep, timeoutMs }, go) => {
  const client = new Client({ brokerURL: wsUrl });
  const connected = new Promise<void>((resolve) => {
    client.onConnect = () => resolve();
  });
  client.activate();
  await connected;
  const messages: Body[] = [];
  let count = 0;
  let t0 = 0;
  const done = deferred<RunResult>(timeoutMs, () => ({ timeout: true, count }));
  client.subscribe(dest, (frame) => {
    messages.push(JSON.parse(frame.body) as Body);
    if (keep > 0 && messages.length > keep) messages.shift();
    if (++count === n) done.resolve({ ms: performance.now() - t0, count, kept: messages.length });
  });
  await waitForSubscriptions(dest, 1);
  await go();
  t0 = performance.now();
  void blast(dest, n);
  const result = await done.promise;
  await client.deactivate();
  return result;
};

register({ throughput });
