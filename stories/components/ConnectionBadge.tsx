import type { CSSProperties } from "react";
import { type ConnectionStatus, useConnectionState } from "stompkit";

const labels: Record<ConnectionStatus, string> = {
  idle: "Idle",
  connecting: "Connecting…",
  open: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline",
  failed: "Connection failed",
  closed: "Closed",
};

// Dark text on light tints: every pair is above WCAG AA 4.5:1.
const tones: Record<ConnectionStatus, { background: string; color: string; dot: string }> = {
  idle: { background: "#f1f3f5", color: "#343a40", dot: "#868e96" },
  connecting: { background: "#e7f1ff", color: "#0b3d91", dot: "#1c7ed6" },
  open: { background: "#e6f6ea", color: "#1b5e20", dot: "#2f9e44" },
  reconnecting: { background: "#fff4e0", color: "#7a4100", dot: "#f08c00" },
  offline: { background: "#f1f3f5", color: "#343a40", dot: "#868e96" },
  failed: { background: "#fdecec", color: "#8a1c1c", dot: "#e03131" },
  closed: { background: "#f1f3f5", color: "#343a40", dot: "#868e96" },
};

const term: CSSProperties = { fontWeight: 600 };
const definition: CSSProperties = { margin: 0, fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace" };

/**
 * Shows the connection state of the nearest `StompProvider`: status, attempt, last error code and
 * the server named in CONNECTED. A live region (`role="status"`), so screen readers announce changes;
 * `data-status` carries the raw status for tests and CSS.
 */
export function ConnectionBadge() {
  // One selector per field: the badge re-renders only when something it shows changes.
  const status = useConnectionState((s) => s.status);
  const attempt = useConnectionState((s) => s.attempt);
  const errorCode = useConnectionState((s) => s.lastError?.code);
  const errorMessage = useConnectionState((s) => s.lastError?.message);
  const server = useConnectionState((s) => s.connected?.server);
  const tone = tones[status];

  return (
    <div
      role="status"
      data-status={status}
      style={{
        display: "grid",
        gap: 8,
        minWidth: 280,
        maxWidth: 420,
        padding: "12px 16px",
        borderRadius: 8,
        background: tone.background,
        color: tone.color,
        font: "14px/1.4 system-ui, sans-serif",
      }}
    >
      <div style={{ display: "flex", alignItems: "center", gap: 8, fontSize: 16, fontWeight: 700 }}>
        <span
          aria-hidden="true"
          style={{ width: 10, height: 10, borderRadius: "50%", background: tone.dot, flex: "none" }}
        />
        {labels[status]}
      </div>
      <dl style={{ display: "grid", gridTemplateColumns: "auto 1fr", gap: "2px 12px", margin: 0 }}>
        <dt style={term}>Attempt</dt>
        <dd style={definition}>{attempt}</dd>
        <dt style={term}>Last error</dt>
        <dd style={definition} title={errorMessage}>
          {errorCode ?? "none"}
        </dd>
        <dt style={term}>Server</dt>
        <dd style={definition}>{server ?? "unknown"}</dd>
      </dl>
    </div>
  );
}
