import { uuid } from "../../core/index.js";
import { eventStoreConformance } from "../conformance/event-store-conformance.js";
import { IndexedDBEventStore } from "./indexeddb-event-store.js";

// The same suite as in Node, against Chromium's own IndexedDB.
eventStoreConformance("IndexedDBEventStore (Chromium)", async () => {
  const databaseName = `strata-${uuid()}`;
  return {
    store: new IndexedDBEventStore({ databaseName }),
    teardown: async () => {
      indexedDB.deleteDatabase(databaseName);
    },
  };
});
