import {
  type ChatProfile,
  type ChatProfileName,
  type ChatThreadOptions,
  createChatThreadStore,
} from "stompkit/chat/core";
import { createStompSession, type StompkitError, type StompSessionOptions } from "stompkit/core";
import { createStompXServer, type StompXServerOptions } from "stompkit/testing";

/** Lets queued microtasks (socket events, replies) run without moving the clock. */
export const flush = () => vi.advanceTimersByTimeAsync(0);

/** A session on the embedded StompX server, logged in as `user` (`StompX-User`), mounted and connected. */
export async function chatSession(
  options: {
    profile?: ChatProfileName | ChatProfile;
    user?: string;
    server?: ReturnType<typeof createStompXServer>;
    serverOptions?: StompXServerOptions;
    session?: Partial<StompSessionOptions>;
  } = {},
) {
  const server = options.server ?? createStompXServer({ profile: options.profile, ...options.serverOptions });
  const errors: StompkitError[] = [];
  const logs: string[] = [];
  const session = createStompSession({
    webSocketFactory: server.webSocketFactory,
    connectHeaders: { host: "host", "StompX-User": options.user ?? "alice" },
    heartbeat: { outgoing: 0, incoming: 0 },
    reconnect: { initialDelay: 100, minDelay: 100 },
    reconnectOnWake: false,
    debug: (line) => logs.push(line),
    onError: (e) => errors.push(e),
    ...options.session,
  });
  const release = session.mount();
  await flush();
  return { server, session, release, errors, logs };
}

/** A thread store on that session, mounted, first page loaded. */
export async function chatThread(
  ctx: Awaited<ReturnType<typeof chatSession>>,
  options: Partial<ChatThreadOptions> = {},
) {
  const thread = createChatThreadStore(ctx.session, { thread: "1", profile: ctx.server.profile, ...options });
  const unmount = thread.mount();
  await flush();
  const state = () => thread.store.getState();
  const bodies = () => state().messages.map((m) => m.body);
  return { thread, unmount, state, bodies };
}

/** Drops every connection and lets the session reconnect (reconnect delay is 100 ms). */
export async function dropAndReconnect(
  server: ReturnType<typeof createStompXServer>,
  whileDown?: () => void,
) {
  server.refuse(true);
  server.drop();
  await flush();
  whileDown?.();
  server.refuse(false);
  await vi.advanceTimersByTimeAsync(250);
  await flush();
}
