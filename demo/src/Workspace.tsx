import { useEffect, useMemo, useState } from "react";
import { StompProvider, useConnectionState } from "stompkit";
import { ChatThread } from "stompkit/chat";
import { StompInspector } from "stompkit/devtools";
import { config, type DemoThread, devControl, fetchThreads } from "./config";

/** The signed-in app: one connection for the whole page, a thread list, the chat and the inspector. */
export function Workspace({ user, onSignOut }: { user: string; onSignOut: () => void }) {
  // Fresh headers on every (re)connect; the dev server names the user from StompX-User, a plain broker
  // takes login/passcode (the demo's user name travels in the message instead).
  const connectHeaders = useMemo(
    (): Record<string, string> =>
      config.mode === "broker"
        ? { login: config.login ?? "guest", passcode: config.passcode ?? "guest" }
        : { "StompX-User": user },
    [user],
  );
  return (
    <StompProvider
      url={config.url}
      connectHeaders={connectHeaders}
      reconnect={{ initialDelay: 250, maxDelay: 4000 }}
      // The tabs of this browser share one connection (the leader tab holds it; others reach the
      // server through it); tabs signed in as another user connect on their own.
      shareAcrossTabs="stompkit-demo"
    >
      <Layout user={user} onSignOut={onSignOut} />
    </StompProvider>
  );
}

function Layout({ user, onSignOut }: { user: string; onSignOut: () => void }) {
  const [threads, setThreads] = useState<DemoThread[]>([]);
  const [thread, setThread] = useState<string>();
  const [inspector, setInspector] = useState(false);
  const [listError, setListError] = useState("");
  useEffect(() => {
    let live = true;
    fetchThreads().then(
      (list) => {
        if (!live) return;
        setThreads(list);
        setThread((t) => t ?? list[0]?.id);
      },
      (e: Error) => live && setListError(e.message),
    );
    return () => {
      live = false;
    };
  }, []);
  const current = threads.find((t) => t.id === thread);
  return (
    <div className="demo-app" data-inspector={inspector || undefined}>
      <header className="demo-header">
        <h1>stompkit demo</h1>
        <Status />
        <span className="demo-user">
          Signed in as <strong>{user}</strong>
        </span>
        {config.mode === "dev-server" && <ServerControls />}
        <button
          type="button"
          aria-expanded={inspector}
          aria-controls="demo-inspector"
          onClick={() => setInspector((v) => !v)}
        >
          Inspector
        </button>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <nav className="demo-threads" aria-label="Threads">
        {listError && <p role="alert">Could not list threads: {listError}</p>}
        <ul>
          {threads.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                aria-current={t.id === thread ? "page" : undefined}
                onClick={() => setThread(t.id)}
              >
                {t.name}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="demo-chat">
        {current && (
          <ChatThread
            key={current.id}
            thread={current.id}
            aria-label={current.name}
            profile={config.mode === "broker" ? "broker" : "stompx-2020"}
            user={config.mode === "broker" ? user : undefined}
          />
        )}
      </main>
      {inspector && (
        <aside id="demo-inspector" className="demo-inspector" aria-label="Inspector drawer">
          <StompInspector />
        </aside>
      )}
    </div>
  );
}

function Status() {
  const status = useConnectionState((s) => s.status);
  return (
    <span className="demo-status" data-status={status} role="status" aria-label="Connection">
      {status}
    </span>
  );
}

function ServerControls() {
  const [paused, setPaused] = useState(false);
  const [error, setError] = useState("");
  const run = (action: "drop" | "pause" | "resume") =>
    devControl(action).then(
      () => {
        setError("");
        if (action !== "drop") setPaused(action === "pause");
      },
      (e: Error) => setError(e.message),
    );
  return (
    <span className="demo-controls">
      <button type="button" onClick={() => void run("drop")}>
        Drop connection
      </button>
      <button type="button" aria-pressed={paused} onClick={() => void run(paused ? "resume" : "pause")}>
        {paused ? "Resume server" : "Pause server"}
      </button>
      {error && <span role="alert">{error}</span>}
    </span>
  );
}
