import type { AggregateRoot } from "./aggregate.js";
import {
  type AnyAggregateClass,
  aggregateInternals,
  instantiate,
  TYPES_METADATA_KEY,
} from "./aggregate.js";
import type { EventStore, Message, NewMessage, SnapshotAndTail } from "./event-store.js";
import { uuid } from "./id.js";
import { encodeJson, reviveJson, type TypeTags } from "./json-codec.js";
import { tryValidate } from "./schema.js";
import type { Tap } from "./tap.js";

export const SNAPSHOT_TYPE = "Snapshot";

/** Where warnings go (a snapshot skipped, for one); defaults to `console`. */
export interface Logger {
  warn(message: string, details?: Record<string, unknown>): void;
}

/** The stream version a snapshot holds (`metadata.version`, an integer >= -1), else undefined. */
function snapshotVersion(snapshot: Message | null): number | undefined {
  const version = snapshot?.metadata?.version;
  return typeof version === "number" && Number.isInteger(version) && version >= -1
    ? version
    : undefined;
}

const positionOf = ({ streamName, position }: Message) => ({ streamName, position });

/** The first stream position a snapshot does not cover: its `metadata.version` + 1, or 0. */
export function positionAfterSnapshot(snapshot: Message | null): number {
  return (snapshotVersion(snapshot) ?? -1) + 1;
}

/**
 * The last snapshot and the stream after it, in one round trip where the store can
 * (`readSnapshotAndTail`), else with `lastMessage` then `readStream`.
 */
export async function readSnapshotAndTail(
  store: EventStore,
  stream: string,
  snapshotStream: string,
): Promise<SnapshotAndTail> {
  if (store.readSnapshotAndTail) return store.readSnapshotAndTail(stream, snapshotStream);
  const snapshot = await store.lastMessage(snapshotStream);
  const events = await store.readStream(stream, { fromPosition: positionAfterSnapshot(snapshot) });
  return { snapshot, events };
}

/** True when enough events were recorded since the last snapshot to take another. */
export function isSnapshotDue(aggregate: AggregateRoot, threshold: number): boolean {
  return aggregate._version - aggregateInternals.lastSnapshotVersion(aggregate) >= threshold;
}

export function snapshotMessage(aggregate: AggregateRoot, schemaVersion: number): NewMessage {
  const { json, types } = encodeJson(aggregate.toJSON());
  return {
    id: uuid(),
    type: SNAPSHOT_TYPE,
    data: json,
    metadata: {
      version: aggregate._version,
      schemaVersion,
      ...(types ? { [TYPES_METADATA_KEY]: types } : {}),
    },
  };
}

/**
 * Rebuilds an aggregate from a snapshot message, or returns null (after a warning) when the
 * snapshot was taken with another schema version or no longer passes the schema.
 */
export async function restoreSnapshot<C extends AnyAggregateClass>(
  Class: C,
  id: string,
  message: Message,
  logger: Logger,
  tap?: Tap,
): Promise<InstanceType<C> | null> {
  const version = snapshotVersion(message);
  const skip = (reason: string) => {
    if (tap?.on) tap.emit({ kind: "snapshotSkipped", ...positionOf(message), reason });
    logger.warn(
      `Skipping snapshot of ${Class.aggregateName} "${id}": ${reason}; rebuilding from events.`,
      {
        streamName: message.streamName,
        position: message.position,
      },
    );
    return null;
  };
  if (message.type !== SNAPSHOT_TYPE || version === undefined) {
    return skip(`message ${message.position} is not a Snapshot with an integer metadata.version`);
  }
  if (message.metadata?.schemaVersion !== Class.schemaVersion) {
    return skip(
      `it has schemaVersion ${String(message.metadata?.schemaVersion)}, the aggregate is at ${Class.schemaVersion}`,
    );
  }
  const types = message.metadata?.[TYPES_METADATA_KEY] as TypeTags | undefined;
  const state = types ? reviveJson(message.data, types) : message.data;
  const { id: _generated, ...fields } = state;
  const checked = await tryValidate(
    Class.schema,
    Class.generatesId ? fields : state,
    `snapshot of ${Class.aggregateName}`,
  );
  if (!checked.ok) return skip(checked.error.message);
  const aggregate = instantiate(Class, id);
  Object.assign(aggregate, checked.value);
  aggregateInternals.setVersion(aggregate, version);
  aggregateInternals.setLastSnapshotVersion(aggregate, version);
  return aggregate;
}
