import type { ObservedFrame } from "stompkit/core";

/** `850 ms`, `1.5 s`, `2 min 5 s`; `–` for none. */
export function formatAge(ms: number | undefined): string {
  if (ms === undefined) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Clock ms as `HH:MM:SS.mmm` (UTC). */
export const formatTime = (at: number) => new Date(at).toISOString().slice(11, 23);

/** `1,024 B`. */
export const formatBytes = (n: number) => `${n.toLocaleString("en-US")} B`;

/** The frames as a text dump, oldest first: what "Copy as text" writes (everything already masked). */
export function framesAsText(frames: readonly ObservedFrame[]): string {
  return frames
    .map((f) => {
      const head = `${formatTime(f.at)} ${f.direction === "out" ? ">>>" : "<<<"} ${f.command}`;
      const headers = Object.entries(f.headers).map(([k, v]) => `${k}:${v}`);
      return [head, ...headers, "", f.body].join("\n");
    })
    .join("\n\n");
}

/** Writes `text` to the clipboard: the async Clipboard API, else a hidden textarea and `execCommand`. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator !== "undefined" && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // refused (no permission, not focused): try the fallback
  }
  if (typeof document === "undefined") return false;
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}
