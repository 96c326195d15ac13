import type { ReactNode } from "react";
import type { SessionInspection } from "stompkit/core";
import { formatAge, formatBytes, formatTime } from "./format";

type PanelProps = { snapshot: SessionInspection };

const cell = { border: "1px solid #999", padding: "2px 6px", textAlign: "start" } as const;

/** A table with a caption and column headers; `empty` when there are no rows. */
function Table(props: {
  caption: string;
  columns: readonly string[];
  rows: readonly ReactNode[][];
  empty: string;
}) {
  if (props.rows.length === 0) return <p>{props.empty}</p>;
  return (
    <table style={{ borderCollapse: "collapse" }}>
      <caption style={{ textAlign: "start", fontWeight: 600 }}>{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th key={c} scope="col" style={cell}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are a snapshot, re-rendered whole
          <tr key={i}>
            {row.map((value, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
              <td key={j} style={cell}>
                {value}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Term / value pairs. */
function Fields({ items }: { items: readonly [string, ReactNode][] }) {
  return (
    <dl style={{ display: "grid", gridTemplateColumns: "max-content 1fr", gap: "2px 12px", margin: 0 }}>
      {items.map(([term, value]) => (
        <div key={term} style={{ display: "contents" }}>
          <dt style={{ fontWeight: 600 }}>{term}</dt>
          <dd style={{ margin: 0 }}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ConnectionPanel({ snapshot }: PanelProps) {
  const c = snapshot.connection;
  const hb = c.heartbeat;
  return (
    <>
      <Fields
        items={[
          [
            "Status",
            <span key="status" data-status={c.status}>
              {c.status}
            </span>,
          ],
          ["Attempt", c.attempt],
          ["URL", c.url ?? "–"],
          ["STOMP version", c.version ?? "–"],
          ["Server", c.server ?? "–"],
          ["Heart-beats", hb ? `out ${formatAge(hb.outgoing)}, in ${formatAge(hb.incoming)}` : "–"],
          ["Next retry in", formatAge(c.nextRetryIn)],
          ["Connections", c.connectCount],
          ["Last error", c.lastError ?? "–"],
        ]}
      />
      <Table
        caption="History (while inspected)"
        columns={["Time", "Status", "Attempt", "Delay", "URL", "Error"]}
        rows={[...snapshot.history]
          .reverse()
          .map((r) => [
            formatTime(r.at),
            r.status,
            r.attempt,
            formatAge(r.delay),
            r.url ?? "–",
            r.error ?? "",
          ])}
        empty="No history yet."
      />
    </>
  );
}

export function SubscriptionsPanel({ snapshot }: PanelProps) {
  return (
    <Table
      caption="Live subscriptions"
      columns={["Id", "Destination", "Ref-count", "Status", "Buffered", "Received", "Receipt"]}
      rows={snapshot.subscriptions.map((s) => [
        s.id,
        s.destination,
        s.refCount,
        s.status,
        s.buffered,
        s.count,
        s.receipt ?? "–",
      ])}
      empty="No live subscriptions."
    />
  );
}

export function ReceiptsPanel({ snapshot }: PanelProps) {
  return (
    <Table
      caption="Receipts awaited"
      columns={["Receipt", "Status", "Age"]}
      rows={snapshot.receipts.map((r) => [r.id, r.status, formatAge(r.age)])}
      empty="No receipts awaited."
    />
  );
}

export function OutboxPanel({ snapshot }: PanelProps) {
  const o = snapshot.outbox;
  if (!o) return <p>No outbox yet: this session has not sent anything.</p>;
  return (
    <Fields
      items={[
        ["Queued sends", o.queued],
        ["Queued bytes", formatBytes(o.bytes)],
        ["Oldest queued", formatAge(o.oldestAge)],
        ["Awaiting receipt", o.inflight],
      ]}
    />
  );
}

const chatLabels: Record<string, string> = {
  status: "Status",
  messages: "Messages in window",
  window: "Window size",
  held: "Window held",
  pendingSends: "Pending sends",
  failedSends: "Failed sends",
  lastGapFillAge: "Last gap-fill",
  lastGapFillMissed: "Missed messages found",
};

export function ChatPanel({ snapshot }: PanelProps) {
  const threads = snapshot.sources.filter((s) => s.kind === "chat-thread");
  if (threads.length === 0) return <p>No chat thread mounted on this session.</p>;
  return threads.map((t) => (
    <section key={t.name} aria-label={`Thread ${t.name}`}>
      <h3 style={{ fontSize: 14, margin: "4px 0" }}>Thread {t.name}</h3>
      <Fields
        items={Object.entries(t.fields).map(([k, v]) => [
          chatLabels[k] ?? k,
          k === "lastGapFillAge"
            ? v === undefined
              ? "never"
              : `${formatAge(v as number)} ago`
            : String(v ?? "–"),
        ])}
      />
    </section>
  ));
}
