import type { Attributes } from "@opentelemetry/api";
import { categoryOf, type TapRecord } from "../core/store-kit.js";

type Load = Extract<TapRecord, { kind: "load" }>;
type Commit = Extract<TapRecord, { kind: "commit" }>;
type Conflict = Extract<TapRecord, { kind: "conflict" }>;

/**
 * The attribute names Strata's spans and metrics carry.
 *
 * @example
 * span.attributes[STRATA_ATTRIBUTES.snapshotUsed]; // true when the load started from a snapshot
 */
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

// The builders below spell the names out in object literals (the same strings as ATTR, which the
// tests read them through): literal keys give V8 a fixed object shape, where spreads and computed
// keys cost a command a few microseconds.

export function streamAttributes(domain: string, streamName: string): Attributes {
  return {
    "strata.domain": domain,
    "strata.stream": streamName,
    "strata.category": categoryOf(streamName),
  };
}

export function loadAttributes(domain: string, r: Load): Attributes {
  const attributes: Attributes = {
    "strata.domain": domain,
    "strata.stream": r.streamName,
    "strata.category": categoryOf(r.streamName),
    "strata.load.source": r.source,
    "strata.snapshot.used": r.source === "snapshot",
    "strata.load.events": r.events,
    "strata.version": r.version,
  };
  if (r.attempt !== undefined) attributes["strata.attempt"] = r.attempt;
  return attributes;
}

/**
 * One commit: scalar stream, versions and count when it wrote one aggregate's stream (every
 * `add` and `transact`), parallel arrays when a unit of work wrote several.
 */
export function commitAttributes(domain: string, r: Commit): Attributes {
  let eventStreams = 0;
  let eventCount = 0;
  let first: Commit["streams"][number] | undefined;
  for (const s of r.streams) {
    if (s.messages[0]?.type === "Snapshot") continue;
    eventStreams++;
    eventCount += s.messages.length;
    first ??= s;
  }
  const attributes: Attributes = {
    "strata.domain": domain,
    "strata.call": r.call,
    "strata.event_count": eventCount,
    "strata.snapshot.written": eventStreams < r.streams.length,
  };
  if (eventStreams === 1 && first) {
    const expected = first.expectedVersion ?? -1;
    attributes["strata.stream"] = first.streamName;
    attributes["strata.category"] = categoryOf(first.streamName);
    attributes["strata.expected_version"] = expected;
    attributes["strata.new_version"] = expected + first.messages.length;
  } else {
    const events = r.streams.filter((s) => s.messages[0]?.type !== "Snapshot");
    attributes["strata.streams"] = events.map((s) => s.streamName);
    attributes["strata.expected_versions"] = events.map((s) => s.expectedVersion ?? -1);
    attributes["strata.new_versions"] = events.map(
      (s) => (s.expectedVersion ?? -1) + s.messages.length,
    );
  }
  if (r.attempt !== undefined) attributes["strata.attempt"] = r.attempt;
  return attributes;
}

export function conflictAttributes(domain: string, r: Conflict): Attributes {
  const attributes: Attributes = {
    "strata.domain": domain,
    "strata.stream": r.streamName,
    "strata.category": categoryOf(r.streamName),
    "strata.call": r.call,
    "strata.expected_version": r.expectedVersion,
    "strata.actual_version": r.actualVersion,
  };
  if (r.attempt !== undefined) attributes["strata.attempt"] = r.attempt;
  return attributes;
}
