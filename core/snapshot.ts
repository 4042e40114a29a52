import type { AggregateRoot } from "./aggregate.js";
import {
  type AnyAggregateClass,
  aggregateInternals,
  assignState,
  instantiate,
  TYPES_METADATA_KEY,
} from "./aggregate.js";
import type { EventStore, Message, NewMessage, SnapshotAndTail } from "./event-store.js";
import { uuid } from "./id.js";
import { encodeJson, reviveJson, type TypeTags } from "./json-codec.js";
import { tryValidate } from "./schema.js";
import { FINGERPRINT_METADATA_KEY, stateFingerprint } from "./state-fingerprint.js";
import type { Tap } from "./tap.js";
import { assertStorable } from "./value-contract.js";

/** The message type of snapshots, in streams named `category:snapshot-id`. */
export const SNAPSHOT_TYPE = "Snapshot";

/** Where warnings go (a snapshot skipped, for one); defaults to `console`. */
export interface Logger {
  warn(message: string, details?: Record<string, unknown>): void;
}

/**
 * The one rule for a snapshot's version (`metadata.version`): an integer from 0 to
 * `Number.MAX_SAFE_INTEGER`, else undefined. MessageDB's tail read applies the same rule in SQL;
 * core still checks what a store returns, so a store that disagrees costs a read, never state.
 *
 * @example
 * snapshotVersion(snapshot) // 19 for metadata.version 19; undefined for -1, "19", 2.5 or 1e20
 */
export function snapshotVersion(snapshot: Message | null): number | undefined {
  const version = snapshot?.metadata?.version;
  return typeof version === "number" && Number.isSafeInteger(version) && version >= 0
    ? version
    : undefined;
}

const positionOf = ({ streamName, position }: Message) => ({ streamName, position });

/**
 * The first stream position a load reads with a snapshot: its version itself (the event there
 * must exist for the snapshot to be used), or 0 when the snapshot has no valid version.
 *
 * @example
 * const events = await store.readStream(stream, { fromPosition: snapshotTailStart(snapshot) });
 */
export function snapshotTailStart(snapshot: Message | null): number {
  return snapshotVersion(snapshot) ?? 0;
}

/**
 * @deprecated The position after a snapshot's version; loads now read from `snapshotTailStart`.
 */
export function positionAfterSnapshot(snapshot: Message | null): number {
  return (snapshotVersion(snapshot) ?? -1) + 1;
}

/**
 * The last snapshot and the stream from the position its version names (inclusive), in one
 * round trip where the store can (`readSnapshotAndTail`), else with `lastMessage` then `readStream`.
 */
export async function readSnapshotAndTail(
  store: EventStore,
  stream: string,
  snapshotStream: string,
): Promise<SnapshotAndTail> {
  if (store.readSnapshotAndTail) return store.readSnapshotAndTail(stream, snapshotStream);
  const snapshot = await store.lastMessage(snapshotStream);
  const events = await store.readStream(stream, { fromPosition: snapshotTailStart(snapshot) });
  return { snapshot, events };
}

/** True when enough events were recorded since the last snapshot to take another. */
export function isSnapshotDue(aggregate: AggregateRoot, threshold: number): boolean {
  return aggregate._version - aggregateInternals.lastSnapshotVersion(aggregate) >= threshold;
}

export function snapshotMessage(aggregate: AggregateRoot, schemaVersion: number): NewMessage {
  const Class = aggregate.constructor as AnyAggregateClass;
  const state = aggregate.toJSON();
  assertStorable(state, `snapshot of ${Class.aggregateName} "${aggregate.id}"`);
  const { json, types } = encodeJson(state);
  return {
    id: uuid(),
    type: SNAPSHOT_TYPE,
    data: json,
    metadata: {
      version: aggregate._version,
      schemaVersion,
      [FINGERPRINT_METADATA_KEY]: stateFingerprint(Class),
      ...(types ? { [TYPES_METADATA_KEY]: types } : {}),
    },
  };
}

/**
 * Rebuilds an aggregate from a snapshot message, or returns null (after a warning) when the
 * snapshot cannot be trusted: no valid version, another schema version or fingerprint, another
 * aggregate's identifier, data that no longer decodes or passes the schema. Never throws.
 */
export async function restoreSnapshot<C extends AnyAggregateClass>(
  Class: C,
  id: string,
  message: Message,
  logger: Logger,
  tap?: Tap,
): Promise<InstanceType<C> | null> {
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
  try {
    const reason = await distrust(Class, id, message);
    if (typeof reason === "string") return skip(reason);
    const aggregate = instantiate(Class, id);
    // The order the state had when it was taken (memory and IndexedDB keep it), not the schema's.
    assignState(aggregate, Class, reason.state, Object.keys(message.data));
    aggregateInternals.setVersion(aggregate, reason.version);
    aggregateInternals.setLastSnapshotVersion(aggregate, reason.version);
    return aggregate;
  } catch (error) {
    return skip(`it could not be decoded (${(error as Error)?.message ?? String(error)})`);
  }
}

/** Why a snapshot cannot be used, or its decoded, validated state and version. */
async function distrust(
  Class: AnyAggregateClass,
  id: string,
  message: Message,
): Promise<string | { state: Record<string, unknown>; version: number }> {
  const version = snapshotVersion(message);
  if (message.type !== SNAPSHOT_TYPE || version === undefined) {
    return `message ${message.position} is not a Snapshot with an integer metadata.version >= 0`;
  }
  const metadata = message.metadata ?? {};
  if (metadata.schemaVersion !== Class.schemaVersion) {
    return `it has schemaVersion ${String(metadata.schemaVersion)}, the aggregate is at ${Class.schemaVersion}`;
  }
  if (metadata[FINGERPRINT_METADATA_KEY] !== stateFingerprint(Class)) {
    return "it was taken under another state schema or other apply handlers (its fingerprint differs)";
  }
  if (String(message.data[Class.identifier]) !== id) {
    return `its ${Class.identifier} is ${JSON.stringify(message.data[Class.identifier])}, not "${id}"`;
  }
  const types = metadata[TYPES_METADATA_KEY] as TypeTags | undefined;
  const state = types ? reviveJson(message.data, types) : message.data;
  const { id: _generated, ...fields } = state;
  const checked = await tryValidate(
    Class.schema,
    Class.generatesId ? fields : state,
    `snapshot of ${Class.aggregateName}`,
  );
  if (!checked.ok) return checked.error.message;
  // The loaded id is always the one asked for (a passthrough schema could keep a stored `id`).
  return { state: Class.generatesId ? { ...checked.value, id } : checked.value, version };
}
