import { PGlite } from "@electric-sql/pglite";
import { expect, test, vi } from "vitest";
import { uuid } from "../../core/index.js";
import { eventStoreConformance } from "../conformance/event-store-conformance.js";
import { messageDbSql } from "./message-db-sql.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";

// Every commit is flushed to IndexedDB; the 200-command and catch-up tests need more than 30 s.
vi.setConfig({ testTimeout: 120_000 });

// The same suite as in Node, against MessageDB on PGlite persisted in Chromium's IndexedDB; the
// store installs MessageDB from the SQL the bundler put in the page (no file system here).
eventStoreConformance("MessageDBEventStore on PGlite in IndexedDB (Chromium)", async () => {
  const dataDir = `idb://strata-${uuid()}`;
  const pglite = await PGlite.create(dataDir);
  return {
    store: new MessageDBEventStore({ pglite }),
    teardown: async () => {
      await pglite.close();
      indexedDB.deleteDatabase(`/pglite/${dataDir.slice("idb://".length)}`);
    },
  };
});

test("the bundle holds every MessageDB SQL file the installer runs", () => {
  expect(messageDbSql["functions/hash-64.sql"]).toContain("hash_64");
  expect(messageDbSql["tables/messages.sql"]).toContain("CREATE TABLE");
});
