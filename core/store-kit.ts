/**
 * `strata-es/store-kit`: what an author of an event store needs beyond the app-facing API: stream
 * names, the snapshot conventions, the provider registry. Everything `strata-es` exports is here
 * too, so a store imports from one place. The conformance suite every store must pass is
 * `strata-es/store-kit/conformance`.
 *
 * @example
 * import { type EventStore, ExpectedVersionError, categoryOf } from "strata-es/store-kit";
 * export class MyEventStore implements EventStore { ... }
 */
export * from "./index.js";
export { type EventStoreFactory, registerEventStoreProvider } from "./providers.js";
export {
  positionAfterSnapshot,
  readSnapshotAndTail,
  SNAPSHOT_TYPE,
  snapshotTailStart,
  snapshotVersion,
} from "./snapshot.js";
export { stateFingerprint } from "./state-fingerprint.js";
export { categoryOf, idOf, isCategory, snapshotStreamName, streamName } from "./stream-name.js";
