import { type KeyboardEvent, useContext, useId, useRef, useState } from "react";
import { StompContext, type StompSessionBase } from "stompkit";
import { FramesPanel } from "./FramesPanel";
import {
  ChatPanel,
  ConnectionPanel,
  OutboxPanel,
  ReceiptsPanel,
  SubscriptionsPanel,
} from "./InspectorPanels";
import { useSessionInspection } from "./useSessionInspection";

/** The inspector's tabs, in order. */
export type StompInspectorTab = "connection" | "subscriptions" | "receipts" | "outbox" | "frames" | "chat";

const TABS: readonly { id: StompInspectorTab; label: string }[] = [
  { id: "connection", label: "Connection" },
  { id: "subscriptions", label: "Subscriptions" },
  { id: "receipts", label: "Receipts" },
  { id: "outbox", label: "Outbox" },
  { id: "frames", label: "Frames" },
  { id: "chat", label: "Chat" },
];

export interface StompInspectorProps {
  /** The session to inspect. @default the session of the nearest `<StompProvider>` */
  session?: StompSessionBase;
  /** Frames kept in the Frames tab (the oldest are dropped). @default 200 */
  maxFrames?: number;
  /** The tab shown first. @default "connection" */
  defaultTab?: StompInspectorTab;
  /** How often ages and counts are read again, in ms. @default 1000 */
  refreshInterval?: number;
  /** Accessible name of the panel. @default "STOMP inspector" */
  "aria-label"?: string;
  className?: string;
}

/**
 * A development panel over a session's read-only observation API (`observeSession`, `inspectSession`
 * from `stompkit/core`): connection and its history, subscriptions, receipts, outbox, the last frames
 * both ways (secrets masked; pause, filter by destination, copy as text) and mounted chat threads.
 * Tabs follow the WAI-ARIA tabs pattern (arrow keys, Home, End). Observes the session only while mounted.
 *
 * @example
 * <StompProvider url="wss://example.com/ws">
 *   <App />
 *   {import.meta.env.DEV && <StompInspector />}
 * </StompProvider>
 */
export function StompInspector(props: StompInspectorProps) {
  const fromContext = useContext(StompContext);
  const session = props.session ?? fromContext;
  if (!session)
    return <p role="alert">`StompInspector` needs a `session` prop or a {"<StompProvider>"} above it.</p>;
  return <Inspector {...props} session={session} />;
}

function Inspector(props: StompInspectorProps & { session: StompSessionBase }) {
  const { session, maxFrames = 200, refreshInterval = 1000, className } = props;
  const [tab, setTab] = useState<StompInspectorTab>(props.defaultTab ?? "connection");
  const snapshot = useSessionInspection(session, refreshInterval);
  const id = useId();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const select = (index: number) => {
    const next = TABS[(index + TABS.length) % TABS.length]!;
    setTab(next.id);
    tabs.current[TABS.indexOf(next)]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const current = TABS.findIndex((t) => t.id === tab);
    const to = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: TABS.length - 1 }[
      event.key as "ArrowRight"
    ];
    if (to === undefined) return;
    event.preventDefault();
    select(to);
  };
  const label = props["aria-label"] ?? "STOMP inspector";
  return (
    <section
      aria-label={label}
      className={className}
      data-part="stomp-inspector"
      style={{ font: "13px/1.4 system-ui, sans-serif" }}
    >
      <div
        role="tablist"
        aria-label={label}
        onKeyDown={onKeyDown}
        style={{ display: "flex", flexWrap: "wrap", gap: 4 }}
      >
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`${id}-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            data-state={tab === t.id ? "active" : "inactive"}
            style={{
              padding: "4px 10px",
              border: "1px solid #555",
              borderBottomWidth: tab === t.id ? 3 : 1,
              background: tab === t.id ? "#fff" : "#eee",
              color: "#000",
              fontWeight: tab === t.id ? 700 : 400,
            }}
          >
            {t.label}
            {t.id === "subscriptions" ? ` (${snapshot.subscriptions.length})` : ""}
          </button>
        ))}
      </div>
      {TABS.map((t) => (
        <div
          key={t.id}
          role="tabpanel"
          id={`${id}-panel-${t.id}`}
          aria-labelledby={`${id}-tab-${t.id}`}
          hidden={tab !== t.id}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the WAI-ARIA tabs pattern puts the panel in the tab order (it scrolls, and may have no focusable child)
          tabIndex={0}
          style={{ maxBlockSize: 420, overflow: "auto", paddingBlock: 8 }}
        >
          {tab !== t.id ? null : t.id === "connection" ? (
            <ConnectionPanel snapshot={snapshot} />
          ) : t.id === "subscriptions" ? (
            <SubscriptionsPanel snapshot={snapshot} />
          ) : t.id === "receipts" ? (
            <ReceiptsPanel snapshot={snapshot} />
          ) : t.id === "outbox" ? (
            <OutboxPanel snapshot={snapshot} />
          ) : t.id === "frames" ? (
            <FramesPanel session={session} maxFrames={maxFrames} />
          ) : (
            <ChatPanel snapshot={snapshot} />
          )}
        </div>
      ))}
    </section>
  );
}
