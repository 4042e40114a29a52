import {
  type AggregateRoot,
  type AnyAggregateClass,
  aggregateInternals,
  TYPES_METADATA_KEY,
} from "./aggregate.js";
import type { AggregateCache } from "./aggregate-cache.js";
import { type CommitResult, NOTHING_COMMITTED } from "./commit-result.js";
import { isExpectedVersionError, UsageError } from "./errors.js";
import type { AppendResult, EventStore, NewMessage, StreamAppend } from "./event-store.js";
import { ANY_VERSION, NO_STREAM } from "./expected-version.js";
import { uuid } from "./id.js";
import { encodeJson } from "./json-codec.js";
import { assertRebuildsAsInMemory } from "./rebuild-check.js";
import { isSnapshotDue, snapshotMessage } from "./snapshot.js";
import { categoryOf, snapshotStreamName, streamName } from "./stream-name.js";
import type { Tap, TapCall } from "./tap.js";

/** What `add` and a unit of work need to know about the domain they commit to. */
export interface CommitContext {
  readonly eventStore: EventStore;
  readonly snapshotThreshold: number;
  readonly cache?: AggregateCache | undefined;
  readonly tap?: Tap | undefined;
  /** Set once the domain has an inline projection: appends its checkpoints with the events. */
  inline?: InlineAppender;
}

/** The commit path's append when a domain has inline projections (`InlineProjections`). */
export interface InlineAppender {
  append(store: EventStore, appends: StreamAppend[]): Promise<AppendResult[]>;
}

function eventMessages(aggregate: AggregateRoot): NewMessage[] {
  return aggregateInternals.pending(aggregate).map(({ event }) => {
    const { json, types } = encodeJson(event.data);
    // Metadata only when there is something to say: schema version 1 is the default, and a null
    // metadata costs readers nothing (no parse in MessageDB, no object to visit on replay).
    const metadata = {
      ...event.metadata,
      ...(event.schemaVersion !== 1 ? { schemaVersion: event.schemaVersion } : {}),
      ...(types ? { [TYPES_METADATA_KEY]: types } : {}),
    };
    return {
      id: uuid(),
      type: event.type,
      data: json,
      metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
    };
  });
}

interface PlannedCommit {
  aggregate: AggregateRoot;
  stream: string;
  appends: StreamAppend[];
  snapshotVersion: number | undefined;
}

/** A new aggregate (no events stored) needs at least one event to exist at all. */
export function assertNotEmptyAndNew(aggregate: AggregateRoot): void {
  if (aggregate._version === NO_STREAM && aggregateInternals.pending(aggregate).length === 0) {
    const Class = aggregate.constructor as AnyAggregateClass;
    throw new UsageError(
      `${Class.aggregateName} "${aggregate.id}" has no events, so adding it would store nothing and a later get would not find it: a new aggregate needs at least one event (create() only builds it in memory; raise an event such as ${Class.aggregateName}Created).`,
    );
  }
}

function plan(context: CommitContext, aggregate: AggregateRoot): PlannedCommit | undefined {
  assertNotEmptyAndNew(aggregate);
  const pending = aggregateInternals.pending(aggregate);
  const first = pending[0];
  if (!first) return undefined;
  if (first.expectedVersion === NO_STREAM) assertRebuildsAsInMemory(aggregate);
  const Class = aggregate.constructor as AnyAggregateClass;
  const stream = streamName(Class.streamCategory, aggregate.id);
  const appends: StreamAppend[] = [
    {
      streamName: stream,
      messages: eventMessages(aggregate),
      expectedVersion: first.expectedVersion,
    },
  ];
  const threshold = Class.snapshotThreshold ?? context.snapshotThreshold;
  let snapshotVersion: number | undefined;
  if (isSnapshotDue(aggregate, threshold)) {
    snapshotVersion = aggregate._version;
    appends.push({
      streamName: snapshotStreamName(Class.streamCategory, aggregate.id),
      messages: [snapshotMessage(aggregate, Class.schemaVersion)],
      expectedVersion: ANY_VERSION,
    });
  }
  return { aggregate, stream, appends, snapshotVersion };
}

/** Orders streams by category, then name: writers that lock categories in one order never deadlock. */
export function byCategoryThenStream(a: StreamAppend, b: StreamAppend): number {
  const ca = categoryOf(a.streamName);
  const cb = categoryOf(b.streamName);
  if (ca !== cb) return ca < cb ? -1 : 1;
  return a.streamName < b.streamName ? -1 : a.streamName > b.streamName ? 1 : 0;
}

/**
 * Writes the pending events (and due snapshots) of every aggregate in one store append: all or
 * nothing. On success the aggregates' pending events are cleared; on failure they are kept.
 * Resolves to where the append left each stream. `attempt`: which run of a `transact` command.
 */
export async function commitAggregates(
  context: CommitContext,
  aggregates: Iterable<AggregateRoot>,
  call: TapCall = "add",
  attempt?: number,
): Promise<CommitResult> {
  const plans: PlannedCommit[] = [];
  for (const aggregate of aggregates) {
    const planned = plan(context, aggregate);
    if (planned) plans.push(planned);
  }
  if (plans.length === 0) return NOTHING_COMMITTED;
  const appends = plans.flatMap((p) => p.appends).sort(byCategoryThenStream);
  let results: AppendResult[];
  const started = context.tap?.start() ?? 0;
  try {
    results = await (context.inline
      ? context.inline.append(context.eventStore, appends)
      : context.eventStore.append(appends));
  } catch (error) {
    // A conflict means some cached state is stale; the next load must read the store.
    if (isExpectedVersionError(error)) {
      for (const p of plans) {
        if (p.stream === error.streamName) context.cache?.contended(p.stream);
        else context.cache?.forget(p.stream);
      }
    }
    if (isExpectedVersionError(error) && context.tap?.on)
      context.tap.conflict(call, error, started, attempt);
    throw error;
  }
  if (context.tap?.on) context.tap.commit(call, appends, results, started, attempt);
  for (const { aggregate, stream, snapshotVersion } of plans) {
    aggregateInternals.pending(aggregate).length = 0;
    if (snapshotVersion !== undefined)
      aggregateInternals.setLastSnapshotVersion(aggregate, snapshotVersion);
    context.cache?.remember(stream, aggregate);
  }
  return commitResult(results);
}

function commitResult(results: Awaited<ReturnType<EventStore["append"]>>): CommitResult {
  let globalPosition = 0;
  const streams = results.map(({ streamName, position, globalPosition: at }) => {
    if (at > globalPosition) globalPosition = at;
    return { streamName, position, globalPosition: at };
  });
  return { globalPosition, streams };
}
