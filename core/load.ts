import { type AnyAggregateClass, aggregateInternals, instantiateBlank } from "./aggregate.js";
import type { AggregateCache } from "./aggregate-cache.js";
import { ObjectNotFoundError, UsageError, VersionNotFoundError } from "./errors.js";
import type { EventStore } from "./event-store.js";
import { replayEvents } from "./replay-events.js";
import type { Logger } from "./snapshot.js";
import { loadFromSnapshot } from "./snapshot-load.js";
import { streamName } from "./stream-name.js";
import type { Tap } from "./tap.js";

/**
 * Options of `repository.get`: either reads a past state (read-only) or the latest.
 *
 * @example
 * await users.get(id, { atVersion: 3 });
 * await users.get(id, { asOf: new Date("2026-01-01") });
 */
export interface GetOptions {
  /** Rebuild the state as it was right after this version (0-based position). */
  atVersion?: number;
  /** Rebuild the state from the events stored at or before this time. */
  asOf?: Date;
}

interface LoadContext {
  readonly eventStore: EventStore;
  readonly logger: Logger;
  readonly cache?: AggregateCache | undefined;
  readonly tap?: Tap | undefined;
}

/**
 * Latest state: the cached state or the last snapshot (if it still decodes), plus the events
 * after it. With `attempt` (set by `transact`: which run of its command), a cached state the
 * cache trusts is returned without reading the store.
 */
export async function loadLatest<C extends AnyAggregateClass>(
  context: LoadContext,
  Class: C,
  id: string,
  attempt?: number,
): Promise<InstanceType<C>> {
  const store = context.eventStore;
  const started = context.tap?.start() ?? 0;
  const stream = streamName(Class.streamCategory, id);
  const cached = context.cache?.restore(Class, id, stream);
  if (cached) {
    const tail =
      attempt && context.cache?.trusts(stream)
        ? []
        : await store.readStream(stream, { fromPosition: cached._version + 1 });
    if (tail.length > 0) {
      replayEvents(cached, tail);
      context.cache?.remember(stream, cached);
    }
    context.tap?.loaded(stream, "cache", tail, cached._version, started, attempt);
    return cached;
  }
  const { aggregate, events } = await loadFromSnapshot(
    store,
    Class,
    id,
    context.logger,
    context.tap,
  );
  if (!aggregate && events.length === 0) throw new ObjectNotFoundError(Class.aggregateName, id);
  const result = aggregate ?? instantiateBlank(Class, id);
  replayEvents(result, events);
  context.cache?.remember(stream, result);
  const source = aggregate ? "snapshot" : "replay";
  context.tap?.loaded(stream, source, events, result._version, started, attempt);
  return result;
}

/** A past state, replayed from the start (snapshots hold only the latest state). Read-only. */
export async function loadPast<C extends AnyAggregateClass>(
  context: LoadContext,
  Class: C,
  id: string,
  { atVersion, asOf }: GetOptions,
): Promise<InstanceType<C>> {
  if (atVersion !== undefined && asOf !== undefined) {
    throw new UsageError("repository.get: pass atVersion or asOf, not both.");
  }
  if (atVersion !== undefined && (!Number.isInteger(atVersion) || atVersion < 0)) {
    throw new UsageError(`repository.get: atVersion must be an integer >= 0, got ${atVersion}.`);
  }
  const stream = streamName(Class.streamCategory, id);
  let events = await context.eventStore.readStream(
    stream,
    atVersion === undefined ? {} : { toPosition: atVersion },
  );
  if (events.length === 0) throw new ObjectNotFoundError(Class.aggregateName, id);
  if (atVersion !== undefined) {
    const latest = events[events.length - 1]?.position ?? -1;
    if (latest < atVersion)
      throw new VersionNotFoundError(Class.aggregateName, id, atVersion, latest);
  }
  if (asOf !== undefined) {
    const limit = asOf.getTime();
    const cut = events.findIndex((e) => e.time.getTime() > limit);
    if (cut === 0) {
      throw new ObjectNotFoundError(
        Class.aggregateName,
        id,
        `${Class.aggregateName} "${id}" did not exist at ${asOf.toISOString()}: its first event is from ${events[0]?.time.toISOString()}`,
      );
    }
    if (cut > 0) events = events.slice(0, cut);
  }
  const aggregate = instantiateBlank(Class, id);
  replayEvents(aggregate, events);
  aggregateInternals.markReadOnly(aggregate);
  return aggregate;
}
