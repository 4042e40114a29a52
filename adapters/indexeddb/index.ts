import { registerEventStoreProvider } from "../../core/store-kit.js";
import { IndexedDBEventStore } from "./indexeddb-event-store.js";

registerEventStoreProvider(
  "indexeddb",
  ({ databaseUri }) =>
    new IndexedDBEventStore(databaseUri === undefined ? {} : { databaseName: databaseUri }),
);

export { IndexedDBEventStore, type IndexedDBEventStoreOptions } from "./indexeddb-event-store.js";
export {
  type Durability,
  type IndexedDBGlobals,
  SCHEMA_VERSION,
  SCHEMA_VERSIONS,
} from "./schema.js";
