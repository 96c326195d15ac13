import type { StompMessage } from "stompkit/core";
import { ChatActionError, describeServerError } from "./chatErrors";
import type { ChatSends } from "./chatSends";
import type { createChatTyping } from "./chatTyping";
import type { MessageList } from "./createMessageList";
import { classifyEvent, parseEnvelope } from "./envelope";
import type { Relay } from "./relay";
import { echoReceipt } from "./toChatMessage";
import type { ChatMessage, ChatProfile } from "./types";

/**
 * What the thread store does with what arrives: topic events (created → the echo of one of our
 * sends, or a new message; updated / deleted by id; typing), history pages merged by id, and
 * error-queue MESSAGEs routed by `receipt-id` (that send fails), `subscription-id` (that relay
 * fails) or neither (every send in flight fails). Unknown event types are ignored with a debug line.
 */
export function createChatEvents(ctx: {
  thread: string;
  profile: ChatProfile;
  list: MessageList;
  sends: ChatSends;
  typing: ReturnType<typeof createChatTyping>;
  relay(): Relay | undefined;
  commit(): void;
  /** Commits once at the end of the current task: a burst of MESSAGEs costs one new array. */
  commitSoon(): void;
  toMessage(resource: unknown): ChatMessage | undefined;
  log(line: string): void;
}) {
  const { thread, profile, list, sends, log } = ctx;
  return {
    /** Merges history resources by id; returns how many were new (our own confirmed sends excluded). */
    merge(resources: readonly unknown[]): number {
      let added = 0;
      for (const resource of resources) {
        const message = ctx.toMessage(resource);
        if (!message) continue;
        if (sends.reconcile(message, echoReceipt(profile, resource, undefined), true)) continue;
        if (list.add(message)) added++;
      }
      return added;
    },

    onEvent(m: StompMessage<unknown>): void {
      const envelope = m.parseError ? undefined : parseEnvelope(m.body);
      if (!envelope) {
        log(`chat ${thread}: ignored a MESSAGE that is not a StompX envelope`);
        return;
      }
      const kind = classifyEvent(profile, envelope.type);
      if (!kind) {
        log(`chat ${thread}: ignored unknown event type "${envelope.type.slice(0, 80)}"`);
        return;
      }
      if (ctx.typing.handle(kind, envelope.resource)) return;
      const message = ctx.toMessage(envelope.resource);
      if (!message) {
        log(`chat ${thread}: ignored a ${envelope.type} without a usable resource`);
        return;
      }
      if (kind === "deleted") list.remove(message.id);
      else if (kind === "updated") {
        const current = list.get(message.id);
        if (current) {
          const { clientId, status, mine } = current;
          list.replace(current, { ...message, clientId, status, mine });
        }
      } else if (sends.reconcile(message, echoReceipt(profile, envelope.resource, m.headers), false)) {
        ctx.commit(); // our own send: its promise resolves with the state already published
        return;
      } else list.add(message);
      ctx.commitSoon();
    },

    onServerError(m: StompMessage<unknown>): void {
      const detail = describeServerError(m.body, m.raw, m.headers);
      const frame = { headers: { ...m.headers }, body: m.raw.slice(0, 2000) };
      const receiptId = m.headers["receipt-id"];
      const subscriptionId = m.headers["subscription-id"];
      log(`chat ${thread}: server error: ${detail}`);
      if (receiptId) sends.failByReceipt(receiptId, new ChatActionError(detail, frame));
      else if (subscriptionId) ctx.relay()?.fail(subscriptionId, detail);
      else sends.failAll(new ChatActionError(detail, frame));
    },
  };
}
