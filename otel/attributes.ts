import type { Attributes } from "@opentelemetry/api";
import { categoryOf, type TapRecord } from "../core/store-kit.js";

type Load = Extract<TapRecord, { kind: "load" }>;
type Commit = Extract<TapRecord, { kind: "commit" }>;
type Conflict = Extract<TapRecord, { kind: "conflict" }>;

/** The attribute names Strata's spans and metrics carry. */
export const ATTR = {
  domain: "strata.domain",
  stream: "strata.stream",
  streams: "strata.streams",
  category: "strata.category",
  call: "strata.call",
  attempt: "strata.attempt",
  attempts: "strata.attempts",
  source: "strata.load.source",
  eventsApplied: "strata.load.events",
  snapshotUsed: "strata.snapshot.used",
  snapshotWritten: "strata.snapshot.written",
  version: "strata.version",
  expectedVersion: "strata.expected_version",
  expectedVersions: "strata.expected_versions",
  newVersion: "strata.new_version",
  newVersions: "strata.new_versions",
  actualVersion: "strata.actual_version",
  eventCount: "strata.event_count",
} as const;

export function streamAttributes(domain: string, streamName: string): Attributes {
  return {
    [ATTR.domain]: domain,
    [ATTR.stream]: streamName,
    [ATTR.category]: categoryOf(streamName),
  };
}

export function loadAttributes(domain: string, r: Load): Attributes {
  return {
    ...streamAttributes(domain, r.streamName),
    [ATTR.source]: r.source,
    [ATTR.snapshotUsed]: r.source === "snapshot",
    [ATTR.eventsApplied]: r.events,
    [ATTR.version]: r.version,
    ...(r.attempt === undefined ? {} : { [ATTR.attempt]: r.attempt }),
  };
}

/**
 * One commit: scalar stream, versions and count when it wrote one aggregate's stream (every
 * `add` and `transact`), parallel arrays when a unit of work wrote several.
 */
export function commitAttributes(domain: string, r: Commit): Attributes {
  const events = r.streams.filter((s) => s.messages[0]?.type !== "Snapshot");
  const eventCount = events.reduce((n, s) => n + s.messages.length, 0);
  const expected = events.map((s) => s.expectedVersion ?? -1);
  const next = events.map((s, i) => (expected[i] as number) + s.messages.length);
  const first = events[0];
  const where =
    events.length === 1 && first
      ? {
          ...streamAttributes(domain, first.streamName),
          [ATTR.expectedVersion]: expected[0] as number,
          [ATTR.newVersion]: next[0] as number,
        }
      : {
          [ATTR.domain]: domain,
          [ATTR.streams]: events.map((s) => s.streamName),
          [ATTR.expectedVersions]: expected,
          [ATTR.newVersions]: next,
        };
  return {
    ...where,
    [ATTR.call]: r.call,
    [ATTR.eventCount]: eventCount,
    [ATTR.snapshotWritten]: events.length < r.streams.length,
    ...(r.attempt === undefined ? {} : { [ATTR.attempt]: r.attempt }),
  };
}

export function conflictAttributes(domain: string, r: Conflict): Attributes {
  return {
    ...streamAttributes(domain, r.streamName),
    [ATTR.call]: r.call,
    [ATTR.expectedVersion]: r.expectedVersion,
    [ATTR.actualVersion]: r.actualVersion,
    ...(r.attempt === undefined ? {} : { [ATTR.attempt]: r.attempt }),
  };
}
