import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { uuid } from "../../core/index.js";
import { eventStoreConformance } from "../conformance/event-store-conformance.js";
import { IndexedDBEventStore } from "./indexeddb-event-store.js";

eventStoreConformance("IndexedDBEventStore (fake-indexeddb)", async () => {
  const databaseName = `strata-${uuid()}`;
  return {
    store: new IndexedDBEventStore({ databaseName, indexedDB, IDBKeyRange }),
    teardown: async () => {
      indexedDB.deleteDatabase(databaseName);
    },
  };
});
