import type { DomainEvent } from "../core/index.js";
import { diffLines } from "./line-diff.js";
import { renderValue, valueDifferences } from "./render-value.js";

/** How an event reads in a failure message: `Renamed {firstName: "Ada"}`, metadata if compared. */
export function eventLine(event: DomainEvent, withMetadata: boolean): string {
  const base = `${event.type} ${renderValue(event.data)}`;
  return withMetadata ? `${base} metadata ${renderValue(event.metadata ?? {})}` : base;
}

/**
 * Compares the events a command raised with the expected ones, in order. Metadata is compared only
 * when an expected event carries some, so specifications about data need not restate correlation
 * ids. Returns undefined when they match, else the diff as indented lines:
 * `- ` expected only, `+ ` raised only, and under a changed event the fields that differ.
 */
export function eventDiff(
  expected: readonly DomainEvent[],
  actual: readonly DomainEvent[],
): string[] | undefined {
  const withMetadata = expected.some((e) => e.metadata !== undefined);
  const expectedLines = expected.map((e) => eventLine(e, withMetadata));
  const actualLines = actual.map((e) => eventLine(e, withMetadata));
  const diff = diffLines(expectedLines, actualLines);
  if (diff.every((d) => d.kind === "same")) return undefined;
  const out: string[] = ["- expected", "+ actual", ""];
  // A run of removals followed by additions is a change: pair them up and name the fields.
  let pendingRemovals: number[] = [];
  let pairIndex = 0;
  for (const d of diff) {
    if (d.kind === "same") {
      pendingRemovals = [];
      pairIndex = 0;
      out.push(`  ${d.line}`);
    } else if (d.kind === "expected") {
      if (pairIndex > 0) {
        pendingRemovals = [];
        pairIndex = 0;
      }
      pendingRemovals.push(d.index);
      out.push(`- ${d.line}`);
    } else {
      out.push(`+ ${d.line}`);
      const removedIndex = pendingRemovals[pairIndex++];
      const was = removedIndex === undefined ? undefined : expected[removedIndex];
      const now = actual[d.index];
      if (was && now && was.type === now.type) {
        const fields = valueDifferences(was.data, now.data);
        if (withMetadata) {
          fields.push(
            ...valueDifferences(was.metadata ?? {}, now.metadata ?? {}).map((f) => `metadata.${f}`),
          );
        }
        for (const field of fields) out.push(`    ${field}`);
      }
    }
  }
  return out;
}

/** A numbered list of events for messages about what happened instead. */
export function eventList(events: readonly DomainEvent[]): string[] {
  return events.map((e) => `  ${eventLine(e, e.metadata !== undefined)}`);
}
