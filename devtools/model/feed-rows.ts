import type { Message } from "../../core/index.js";
import { type CommitGroup, type FeedFilter, groupCommits, matcher } from "./feed.js";

/** A row of the feed: a commit's header, or one of its messages. */
export type FeedRow =
  | { readonly kind: "commit"; readonly group: CommitGroup }
  | { readonly kind: "message"; readonly message: Message };

/** The feed's rows for `source` under `filter`, and what the next update extends. */
export interface FeedRows {
  readonly source: readonly Message[];
  readonly filter: FeedFilter;
  readonly rows: readonly FeedRow[];
  /** Index in `rows` of the last commit's header (-1 when there are no rows). */
  readonly lastCommit: number;
}

/**
 * The feed's rows: each commit's header, then its messages, for the messages `filter` keeps.
 * When `source` is `previous.source` with messages appended (live writes) under the same filter,
 * only those are filtered and grouped, and every earlier row keeps its object, so a frame costs
 * what it adds rather than the whole history, and rows already on screen are not rendered again.
 *
 * @example
 * let feed = feedRows(messages, filter);
 * feed = feedRows([...messages, ...live], filter, feed); // groups only `live`
 */
export function feedRows(
  source: readonly Message[],
  filter: FeedFilter,
  previous?: FeedRows,
): FeedRows {
  const keep = matcher(filter);
  const seen = previous?.source.length ?? 0;
  const appended =
    previous !== undefined &&
    previous.filter === filter &&
    source.length >= seen &&
    // An older message placed among them (another tab's late write) moves this one.
    (seen === 0 || source[seen - 1] === previous.source[seen - 1]);
  if (!appended) return withRows(source, filter, [], groupCommits(source.filter(keep)));
  const added = source.slice(seen).filter(keep);
  if (added.length === 0) return { ...previous, source };
  const last = previous.rows[previous.lastCommit];
  const first = added[0] as Message;
  if (last?.kind === "commit") {
    const group = last.group;
    const end = group.messages[group.messages.length - 1] as Message;
    if (
      group.time.getTime() === first.time.getTime() &&
      first.globalPosition === end.globalPosition + 1
    ) {
      // The last commit goes on: group it again with what was added.
      const kept = previous.rows.slice(0, previous.lastCommit);
      return withRows(source, filter, kept, groupCommits([...group.messages, ...added]));
    }
  }
  return withRows(source, filter, previous.rows.slice(), groupCommits(added));
}

function withRows(
  source: readonly Message[],
  filter: FeedFilter,
  rows: FeedRow[],
  groups: readonly CommitGroup[],
): FeedRows {
  let lastCommit = rows.length === 0 ? -1 : lastCommitOf(rows);
  for (const group of groups) {
    lastCommit = rows.length;
    rows.push({ kind: "commit", group });
    for (const message of group.messages) rows.push({ kind: "message", message });
  }
  return { source, filter, rows, lastCommit };
}

function lastCommitOf(rows: readonly FeedRow[]): number {
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i]?.kind === "commit") return i;
  return -1;
}
