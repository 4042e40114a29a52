import { PGlite } from "@electric-sql/pglite";
import { expect, test, vi } from "vitest";
import { uuid } from "../../core/index.js";
import { eventStoreConformance } from "../conformance/event-store-conformance.js";
import { messageDbSql } from "./message-db-sql.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";

// The 200-command and catch-up tests take more than the default 30 s on a busy machine, and
// opening the database (initdb in wasm, no cache in a browser) took over 60 s while the whole
// suite ran beside it on two cores.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

// The same suite as in Node, against MessageDB on PGlite persisted in Chromium's IndexedDB; the
// store installs MessageDB from the SQL the bundler put in the page (no file system here).
// Default durability (each commit awaits its flush to IndexedDB): with relaxedDurability the
// suite ran in a third of the time, but PGlite's close() does not wait for a flush still running,
// which then failed on the closing IndexedDB connection as an unhandled error.
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
