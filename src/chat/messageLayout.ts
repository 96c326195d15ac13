import type { ChatMessage } from "stompkit/chat/core";

/** Where a message sits among its neighbours: does it start an author group, or a new day? */
export interface MessageLayout {
  /** First of a run by the same author within `groupGap` ms on the same day: show the author. */
  startsGroup: boolean;
  /** First message of a local calendar day: show a date separator above it. */
  startsDay: boolean;
}

const dayOf = (ms: number) => {
  const d = new Date(ms);
  return d.getFullYear() * 10_000 + d.getMonth() * 100 + d.getDate();
};

/** The list key of a message: the client id (stable from pending to confirmed), else the server id. */
export const messageKey = (m: ChatMessage): string => m.clientId ?? m.id;

/**
 * Grouping by author and time gap, and day boundaries in local time, for `messages[index]`.
 * Messages with an unknown time (NaN) never start a day on their own.
 */
export function messageLayout(
  messages: readonly ChatMessage[],
  index: number,
  groupGap: number,
): MessageLayout {
  const m = messages[index];
  const prev = index > 0 ? messages[index - 1] : undefined;
  if (!m || !prev) return { startsGroup: true, startsDay: !!m && Number.isFinite(m.createdAt) };
  const known = Number.isFinite(m.createdAt) && Number.isFinite(prev.createdAt);
  const startsDay = known && dayOf(m.createdAt) !== dayOf(prev.createdAt);
  const sameAuthor = (m.user?.name ?? "") === (prev.user?.name ?? "") && m.mine === prev.mine;
  const gap = known ? m.createdAt - prev.createdAt : 0;
  return { startsGroup: startsDay || !sameAuthor || gap > groupGap, startsDay };
}

/** The name shown for a message's author. */
export const authorName = (m: ChatMessage): string => m.user?.displayName || m.user?.name || "Unknown";
