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
export { categoryIds } from "./category-ids.js";
export type { CommitResult, CommittedStream } from "./commit-result.js";
export { defineProjection } from "./define-projection.js";
export { Domain, type DomainOptions } from "./domain.js";
export {
  ConfigurationError,
  ErrorCode,
  ExpectedVersionError,
  isConfigurationError,
  isExpectedVersionError,
  isObjectNotFoundError,
  isStoreError,
  isStrataError,
  isUsageError,
  isValidationError,
  isVersionNotFoundError,
  ObjectNotFoundError,
  StoreError,
  StrataError,
  UsageError,
  ValidationError,
  type ValidationIssue,
  VersionNotFoundError,
} from "./errors.js";
export type {
  DomainEvent,
  EventData,
  EventInput,
  EventOptions,
  EventType,
  EventTypeOptions,
} from "./event.js";
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
export { ANY_VERSION, type ExpectedVersion, NO_STREAM } from "./expected-version.js";
export { uuid } from "./id.js";
export type { JsonObject, JsonValue } from "./json-codec.js";
export type { GetOptions } from "./load.js";
export { Projection } from "./projection.js";
export { isProjectionHandlerError, ProjectionHandlerError } from "./projection-error.js";
export type {
  Checkpoint,
  FailurePolicy,
  ProjectionHandler,
  ProjectionOptions,
  ProjectionSnapshot,
  ProjectionStatus,
} from "./projection-types.js";
export type { EventStoreConfig } from "./providers.js";
export { type CommitOptions, Repository, type TransactOptions } from "./repository.js";
export type { Logger } from "./snapshot.js";
export {
  Tap,
  type TapCall,
  type TapListener,
  type TapRecord,
  type TapStreamWrite,
} from "./tap.js";
export type { UnitOfWork } from "./unit-of-work.js";
export type { Upcaster, Upcasters } from "./upcast.js";
