import { useId, useState } from "react";
import type { StompSessionBase } from "stompkit";
import { copyText, formatTime, framesAsText } from "./format";
import { useFrameLog } from "./useSessionInspection";

const cell = {
  border: "1px solid #999",
  padding: "2px 6px",
  textAlign: "start",
  verticalAlign: "top",
} as const;

/** The last frames both ways: pause/resume, filter by destination, copy as text, clear. */
export function FramesPanel({ session, maxFrames }: { session: StompSessionBase; maxFrames: number }) {
  const [paused, setPaused] = useState(false);
  const [filter, setFilter] = useState("");
  const [notice, setNotice] = useState("");
  const { frames, skipped, clear } = useFrameLog(session, maxFrames, paused);
  const filterId = useId();
  const needle = filter.trim().toLowerCase();
  const shown = needle ? frames.filter((f) => f.destination?.toLowerCase().includes(needle)) : frames;
  const copy = async () => {
    const ok = await copyText(framesAsText(shown));
    setNotice(ok ? `Copied ${shown.length} frame${shown.length === 1 ? "" : "s"} as text.` : "Copy failed.");
  };
  return (
    <>
      <div style={{ display: "flex", flexWrap: "wrap", gap: 8, alignItems: "center", marginBlockEnd: 8 }}>
        <button type="button" aria-pressed={paused} onClick={() => setPaused((p) => !p)}>
          {paused ? "Resume" : "Pause"}
        </button>
        <label htmlFor={filterId}>Filter by destination</label>
        <input id={filterId} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="button" onClick={() => void copy()}>
          Copy as text
        </button>
        <button type="button" onClick={clear}>
          Clear
        </button>
      </div>
      <p role="status" style={{ margin: "0 0 8px" }}>
        {paused
          ? `Paused${skipped ? `: ${skipped} frame${skipped === 1 ? "" : "s"} not recorded` : ""}. `
          : ""}
        {notice}
      </p>
      {shown.length === 0 ? (
        <p>{frames.length === 0 ? "No frames yet." : "No frame matches the filter."}</p>
      ) : (
        <table style={{ borderCollapse: "collapse", fontFamily: "ui-monospace, monospace", fontSize: 12 }}>
          <caption style={{ textAlign: "start", fontWeight: 600 }}>
            Last {shown.length} of {maxFrames} frames, newest first
          </caption>
          <thead>
            <tr>
              {["Time", "Direction", "Command", "Destination", "Headers", "Body"].map((c) => (
                <th key={c} scope="col" style={cell}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...shown].reverse().map((f, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a bounded log, newest first
              <tr key={`${f.at}-${shown.length - i}`} data-direction={f.direction}>
                <td style={cell}>{formatTime(f.at)}</td>
                <td style={cell}>{f.direction === "out" ? "sent" : "received"}</td>
                <td style={cell}>{f.command}</td>
                <td style={cell}>{f.destination ?? "–"}</td>
                <td style={{ ...cell, whiteSpace: "pre-wrap" }}>
                  {Object.entries(f.headers)
                    .map(([k, v]) => `${k}:${v}`)
                    .join("\n")}
                </td>
                <td style={{ ...cell, whiteSpace: "pre-wrap", wordBreak: "break-all" }}>{f.body}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
