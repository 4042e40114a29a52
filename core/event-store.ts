import type { ExpectedVersion } from "./expected-version.js";
import type { JsonObject } from "./json-codec.js";

/**
 * Metadata as MessageDB and Eventide write it; other keys are kept as they are.
 * `schemaVersion` is the version of the event (or snapshot) schema the data was written with.
 */
export interface MessageMetadata {
  correlationStreamName?: string;
  causationMessageStreamName?: string;
  causationMessagePosition?: number;
  causationMessageGlobalPosition?: number;
  replyStreamName?: string;
  schemaVersion?: number;
  [key: string]: unknown;
}

/** A stored message, shaped as MessageDB returns it. */
export interface Message {
  readonly id: string;
  readonly streamName: string;
  readonly type: string;
  /** 0-based position in its stream. */
  readonly position: number;
  /** Position across the whole store, increasing with every write. */
  readonly globalPosition: number;
  readonly data: JsonObject;
  readonly metadata: MessageMetadata | null;
  readonly time: Date;
}

/** A message to append; the store assigns positions and time. */
export interface NewMessage {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata?: MessageMetadata | undefined;
}

/**
 * Messages for one stream, written only if the stream is at `expectedVersion` (`NO_STREAM`, -1,
 * for a stream with no messages; `ANY_VERSION`, null, for no check).
 */
export interface StreamAppend {
  readonly streamName: string;
  readonly messages: readonly NewMessage[];
  readonly expectedVersion: ExpectedVersion;
}

/** Where an append left one stream. */
export interface AppendResult {
  readonly streamName: string;
  /** Position of the last message written to the stream. */
  readonly position: number;
  /** Global position of the last message written to the stream (what `projection.waitFor` takes). */
  readonly globalPosition: number;
}

/** Options of `readStream`: a position range, read in batches. */
export interface ReadStreamOptions {
  /** First position to read (default 0). */
  fromPosition?: number;
  /** Last position to read, inclusive (default: the end). */
  toPosition?: number;
  /** Page size of each round trip; reads always continue to the end (default 1000). */
  batchSize?: number;
}

/** Options of `readCategory`: where to start in global order, and MessageDB's filters (consumer group, correlation). */
export interface ReadCategoryOptions {
  /** First global position to read (default 1). */
  fromGlobalPosition?: number;
  /** Most messages to return (default 1000). */
  batchSize?: number;
  /** Only messages whose `metadata.correlationStreamName` is in this category. */
  correlation?: string;
  /** Consumer group member (0-based) and size: each stream belongs to one member, by hash of its id. */
  consumerGroupMember?: number;
  consumerGroupSize?: number;
}

/** An aggregate's last snapshot and the messages of its stream after the version it holds. */
export interface SnapshotAndTail {
  readonly snapshot: Message | null;
  readonly events: Message[];
}

/** Called by `subscribe` with the messages of each committed append, in global order. */
export type MessagesListener = (messages: readonly Message[]) => void;

/**
 * The port every store implements. All methods may throw `StoreError` for failures of the store
 * itself; `append` throws `ExpectedVersionError` on a version mismatch and then writes nothing.
 */
export interface EventStore {
  /** Appends every stream's messages in one transaction: all of them or none. */
  append(streams: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** Every message of a stream from a position, paging through the whole stream. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<Message[]>;
  /** One batch of a category's messages in global order. */
  readCategory(category: string, options?: ReadCategoryOptions): Promise<Message[]>;
  /** The last message of a stream, optionally the last of a type; null when there is none. */
  lastMessage(streamName: string, options?: { type?: string }): Promise<Message | null>;
  /**
   * Optional, for stores where a round trip costs: reads together the last message of
   * `snapshotStreamName` and every message of `streamName` from the position its
   * `metadata.version` names, inclusive (the whole stream without a snapshot, or when that version
   * is not an integer from 0 to 2^53 - 1: core's `snapshotTailStart`). Core uses the snapshot only
   * if the event at its version is in the tail. Without it, core calls `lastMessage` and then
   * `readStream`.
   */
  readSnapshotAndTail?(streamName: string, snapshotStreamName: string): Promise<SnapshotAndTail>;
  /** The stream's last position, -1 when it has no messages. */
  streamVersion(streamName: string): Promise<number>;
  /** Calls `listener` after each committed append (in this store, or another tab or process where the store can see it). Returns an unsubscribe function. */
  subscribe(listener: MessagesListener): () => void;
  close(): Promise<void>;
}
