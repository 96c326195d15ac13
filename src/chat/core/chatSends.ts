import { debugLog, outboxOf, type StompkitError, type StompSessionBase } from "stompkit/core";
import { ChatSendTimeoutError, InvalidMessageError } from "./chatErrors";
import type { MessageList } from "./createMessageList";
import type { ChatMessage, ChatProfile } from "./types";

interface Outgoing {
  clientId: string;
  text: string;
  /** Attempt number: a late outcome of an earlier attempt is ignored. */
  attempt: number;
  receipt: string | undefined;
  timer: unknown;
  resolve(m: ChatMessage): void;
  reject(e: StompkitError): void;
}

export interface ChatSendsContext {
  session: StompSessionBase;
  profile: ChatProfile;
  list: MessageList;
  /** Publishes the list (and any other state) to the store. */
  commit(): void;
  action(): string;
  user(): string | undefined;
  sendTimeout: number;
  maxLength: number;
}

/** How many receipts of settled sends are remembered to drop a late duplicate echo. */
const REMEMBERED = 2000;
const noop = () => {};

/**
 * The optimistic send state machine: `pending` (shown at once) → `sent` (RECEIPT) → `confirmed` (the
 * echo, swapped in place under the same `clientId`) or `failed` (error or timeout) → `retry()`.
 * Every echo is matched by receipt (the profile's header or resource field), by the client-made id
 * (`broker` profile), or — for a history page, whose items carry no headers — by author and text.
 * An echo for a send already confirmed is dropped, so a message is never shown twice.
 */
export function createChatSends(ctx: ChatSendsContext) {
  const { session, profile, list } = ctx;
  const clock = session.clock;
  const outgoing = new Map<string, Outgoing>();
  const receipts = new Map<string, string>(); // receipt → clientId (kept after settling, bounded)
  const prefix = `${clock.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  let counter = 0;

  const remember = (receipt: string, clientId: string) => {
    receipts.set(receipt, clientId);
    if (receipts.size > REMEMBERED) receipts.delete(receipts.keys().next().value as string);
  };

  const setStatus = (clientId: string, patch: Partial<ChatMessage>) => {
    const current = list.getByClientId(clientId);
    if (!current) return;
    list.replace(current, { ...current, ...patch });
    ctx.commit();
  };

  function fail(o: Outgoing, attempt: number, error: StompkitError) {
    if (o.attempt !== attempt || outgoing.get(o.clientId) !== o) return;
    const current = list.getByClientId(o.clientId);
    if (!current || current.status === "confirmed" || current.status === "failed") return;
    clock.clearTimeout(o.timer);
    debugLog(session, `chat send ${o.clientId} failed: ${error.message}`);
    setStatus(o.clientId, { status: "failed", error });
    o.reject(error);
  }

  function transmit(o: Outgoing): Promise<ChatMessage> {
    const attempt = ++o.attempt;
    const receipt = `chat-${prefix}-${++counter}`;
    o.receipt = receipt;
    remember(receipt, o.clientId);
    const promise = new Promise<ChatMessage>((resolve, reject) => {
      o.resolve = resolve;
      o.reject = reject;
    });
    promise.catch(noop); // the caller may ignore it: never an unhandled rejection
    const current = list.getByClientId(o.clientId);
    const user = ctx.user();
    const body =
      profile.publish === "client"
        ? {
            type: profile.events.created[0],
            version: profile.version ?? "v1",
            resource: {
              id: o.clientId,
              type: "TEXT",
              body: o.text,
              ...(user ? { user: { name: user } } : {}),
              createdTime: current?.createdTime ?? new Date(clock.now()).toISOString(),
              receipt,
            },
          }
        : { type: "TEXT", body: o.text };
    o.timer = clock.setTimeout(
      () => fail(o, attempt, new ChatSendTimeoutError(ctx.sendTimeout)),
      ctx.sendTimeout,
    );
    outboxOf(session)
      .send(ctx.action(), body, {
        receipt,
        timeout: ctx.sendTimeout,
        // The same key on every attempt: a server that honours it creates the message once.
        headers: { "x-idempotency-key": o.clientId },
      })
      .then(
        () => {
          if (o.attempt === attempt && list.getByClientId(o.clientId)?.status === "pending")
            setStatus(o.clientId, { status: "sent" });
        },
        (error: StompkitError) => fail(o, attempt, error),
      );
    return promise;
  }

  function confirm(clientId: string, message: ChatMessage): void {
    const current = list.getByClientId(clientId);
    if (!current) return;
    list.replace(current, { ...message, clientId, status: "confirmed", mine: true, error: undefined });
    const o = outgoing.get(clientId);
    if (o) {
      outgoing.delete(clientId);
      clock.clearTimeout(o.timer);
      o.resolve(list.getByClientId(clientId)!);
    }
  }

  return {
    send(text: string): Promise<ChatMessage> {
      if (typeof text !== "string" || text.trim() === "")
        return Promise.reject(new InvalidMessageError("the text is empty"));
      if (text.length > ctx.maxLength)
        return Promise.reject(
          new InvalidMessageError(`${text.length} characters is over the limit of ${ctx.maxLength}`),
        );
      const clientId = `c-${prefix}-${++counter}`;
      const now = clock.now();
      const user = ctx.user();
      list.add({
        id: clientId,
        clientId,
        type: "TEXT",
        body: text,
        user: user ? { name: user } : undefined,
        createdTime: new Date(now).toISOString(),
        createdAt: now,
        status: "pending",
        mine: true,
      });
      const o: Outgoing = {
        clientId,
        text,
        attempt: 0,
        receipt: undefined,
        timer: undefined,
        resolve: noop,
        reject: noop,
      };
      outgoing.set(clientId, o);
      const promise = transmit(o);
      ctx.commit();
      return promise;
    },

    retry(id: string): Promise<ChatMessage> {
      const o = outgoing.get(id);
      const current = list.getByClientId(id);
      if (!o || current?.status !== "failed")
        return Promise.reject(
          new InvalidMessageError(`there is no failed message "${String(id).slice(0, 80)}" to retry`),
        );
      list.replace(current, { ...current, status: "pending", error: undefined });
      const promise = transmit(o);
      ctx.commit();
      return promise;
    },

    /**
     * Tries to match a server message to one of our sends and confirm it in place. Returns `true`
     * when the message was ours (confirmed now, or a duplicate of a confirmed one to drop).
     */
    reconcile(message: ChatMessage, receipt: string | undefined, fromPage: boolean): boolean {
      const user = ctx.user();
      if (message.user && user && message.user.name !== user) return false; // someone else's receipt
      let clientId = receipt ? receipts.get(receipt) : undefined;
      if (clientId === undefined && (outgoing.has(message.id) || list.getByClientId(message.id)))
        clientId = message.id; // `broker` profile: the resource id is our client id
      if (clientId === undefined && fromPage && user && message.user?.name === user) {
        for (const o of outgoing.values()) {
          const m = list.getByClientId(o.clientId);
          if (
            o.attempt > 0 &&
            m &&
            m.status !== "confirmed" &&
            m.body === message.body &&
            !list.get(message.id)
          ) {
            clientId = o.clientId;
            break;
          }
        }
      }
      if (clientId === undefined) return false;
      const current = list.getByClientId(clientId);
      if (!current) return true; // ours, confirmed and since dropped from the window
      if (current.status === "confirmed") {
        if (current.id !== message.id) debugLog(session, `chat: dropped a second echo of ${clientId}`);
        return true;
      }
      confirm(clientId, message);
      return true;
    },

    /** An error naming one of our receipts: that send fails. Returns whether the receipt was ours. */
    failByReceipt(receipt: string, error: StompkitError): boolean {
      const clientId = receipts.get(receipt);
      if (clientId === undefined) return false;
      const o = outgoing.get(clientId);
      if (o && o.receipt === receipt) fail(o, o.attempt, error);
      return true;
    },

    /** An unattributed error: every send still in flight fails. Returns how many. */
    failAll(error: StompkitError): number {
      let n = 0;
      for (const o of [...outgoing.values()]) {
        const status = list.getByClientId(o.clientId)?.status;
        if (status === "pending" || status === "sent") {
          fail(o, o.attempt, error);
          n++;
        }
      }
      return n;
    },

    /** True for a message of ours not confirmed yet (never dropped from the window). */
    inFlight: (m: ChatMessage) => m.clientId !== undefined && outgoing.has(m.clientId),

    dispose() {
      for (const o of outgoing.values()) clock.clearTimeout(o.timer);
    },
  };
}

/** The send state machine of one thread store (internal). */
export type ChatSends = ReturnType<typeof createChatSends>;
