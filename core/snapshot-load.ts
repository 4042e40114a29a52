import type { AnyAggregateClass } from "./aggregate.js";
import type { EventStore, Message } from "./event-store.js";
import { type Logger, readSnapshotAndTail, restoreSnapshot, snapshotVersion } from "./snapshot.js";
import { snapshotStreamName, streamName } from "./stream-name.js";
import type { Tap } from "./tap.js";

/** An aggregate restored from its snapshot (or null) and the events to replay on it. */
export interface SnapshotStart<C extends AnyAggregateClass> {
  readonly aggregate: InstanceType<C> | null;
  readonly events: Message[];
}

/**
 * The last snapshot, if it can be trusted, and the events after it; otherwise null and the whole
 * stream. A snapshot is used only when its version is an integer (see `snapshotVersion`) and the
 * stream holds an event at that position, which the tail read (starting there) proves. Whatever
 * the store returned, the events handed back start right after the state they are applied to.
 */
export async function loadFromSnapshot<C extends AnyAggregateClass>(
  store: EventStore,
  Class: C,
  id: string,
  logger: Logger,
  tap?: Tap,
): Promise<SnapshotStart<C>> {
  const stream = streamName(Class.streamCategory, id);
  const read = await readSnapshotAndTail(
    store,
    stream,
    snapshotStreamName(Class.streamCategory, id),
  );
  const { snapshot } = read;
  let aggregate: InstanceType<C> | null = null;
  if (snapshot) {
    const version = snapshotVersion(snapshot);
    if (version !== undefined && !holdsPosition(read.events, version)) {
      logger.warn(
        `Skipping snapshot of ${Class.aggregateName} "${id}": it holds version ${version}, but stream ${stream} has no event at that position; rebuilding from events.`,
        { streamName: snapshot.streamName, position: snapshot.position },
      );
    } else {
      aggregate = await restoreSnapshot(Class, id, snapshot, logger, tap);
    }
  }
  const from = aggregate ? aggregate._version + 1 : 0;
  const at = read.events.findIndex((e) => e.position === from);
  const last = read.events[read.events.length - 1];
  let events: Message[];
  // The tail usually starts at the snapshot's version: drop that one event.
  if (at !== -1) events = at === 0 ? read.events : read.events.slice(at);
  else if (last !== undefined ? last.position === from - 1 : snapshot === null) events = [];
  // A skipped snapshot, or a store that began its tail elsewhere: one more read, never wrong state.
  else events = await store.readStream(stream, { fromPosition: from });
  return { aggregate, events };
}

/**
 * True when the stream has an event at `position`: the tail runs gapless to the stream's end, so
 * any position up to its last one exists.
 */
function holdsPosition(events: readonly Message[], position: number): boolean {
  const last = events[events.length - 1];
  return last !== undefined && position <= last.position;
}
