export type {
  AggregateClass,
  AggregateInput,
  AggregateOptions,
  AggregateState,
  AnyAggregateClass,
  AppliedEvent,
  PendingEvent,
  Writable,
} from "./aggregate.js";
export { AggregateRoot } from "./aggregate.js";
export { AggregateCache } from "./aggregate-cache.js";
export { Domain, type DomainOptions } from "./domain.js";
export {
  ConfigurationError,
  ExpectedVersionError,
  ObjectNotFoundError,
  StoreError,
  StrataError,
  UsageError,
  ValidationError,
  type ValidationIssue,
  VersionNotFoundError,
} from "./errors.js";
export type { DomainEvent, EventData, EventOptions, EventType } from "./event.js";
export type {
  AppendResult,
  EventStore,
  Message,
  MessageMetadata,
  MessagesListener,
  NewMessage,
  ReadCategoryOptions,
  ReadStreamOptions,
  SnapshotAndTail,
  StreamAppend,
} from "./event-store.js";
export { uuid } from "./id.js";
export type { JsonObject, JsonValue } from "./json-codec.js";
export type { GetOptions } from "./load.js";
export {
  type EventStoreConfig,
  type EventStoreFactory,
  registerEventStoreProvider,
} from "./providers.js";
export { Repository, type TransactOptions } from "./repository.js";
export type { Logger } from "./snapshot.js";
export { positionAfterSnapshot, readSnapshotAndTail, SNAPSHOT_TYPE } from "./snapshot.js";
export {
  categoryOf,
  idOf,
  isCategory,
  snapshotStreamName,
  streamName,
} from "./stream-name.js";
export {
  Tap,
  type TapCall,
  type TapListener,
  type TapRecord,
  type TapStreamWrite,
} from "./tap.js";
export { UnitOfWork } from "./unit-of-work.js";
