// Pay only for what you use (issue 6 §9): an app that never sends does not bundle the outbox, the
// receipt tracker or transactions; using the hooks that need them brings them in.
// @ts-expect-error: a plain .mjs script without types
import { bundleSize, CHAT, FULL, MINIMAL } from "../../bench/size.mjs";

const sending = ["src/core/outbox.ts", "src/core/receiptTracker.ts", "src/core/transaction.ts"];

describe("tree-shaking", () => {
  it("provider + useSubscription bundles no outbox, receipt tracker or transaction", async () => {
    const { byModule } = await bundleSize("minimal", MINIMAL);
    expect(Object.keys(byModule)).toContain("src/core/subscriptionRegistry.ts");
    for (const file of sending) expect(Object.keys(byModule)).not.toContain(file);
  }, 30_000);

  it("useSend + useReceipt without useStompSession bundle the outbox and receipts, not transactions", async () => {
    const source = `import { StompProvider, useReceipt, useSend } from "stompkit";
      function A() { const { send } = useSend(); const r = useReceipt("x"); return <button onClick={() => send("/a", 1)}>{r.status}</button>; }
      export const App = () => <StompProvider url="wss://example.com/ws"><A /></StompProvider>;`;
    const { byModule } = await bundleSize("send", source);
    expect(Object.keys(byModule)).toContain("src/core/outbox.ts");
    expect(Object.keys(byModule)).toContain("src/core/receiptTracker.ts");
    expect(Object.keys(byModule)).not.toContain("src/core/transaction.ts");
  }, 30_000);

  it("provider + <ChatThread> bundles the outbox and receipts the chat sends with, not transactions", async () => {
    const { byModule } = await bundleSize("chat", CHAT);
    expect(Object.keys(byModule)).toContain("src/chat/core/createChatThreadStore.ts");
    expect(Object.keys(byModule)).toContain("src/core/outbox.ts");
    expect(Object.keys(byModule)).toContain("src/core/receiptTracker.ts");
    expect(Object.keys(byModule)).not.toContain("src/core/transaction.ts");
  }, 30_000);

  it("all hooks + session.transaction bundle every module", async () => {
    const { byModule } = await bundleSize("full", FULL);
    for (const file of sending) expect(Object.keys(byModule)).toContain(file);
  }, 30_000);
});
