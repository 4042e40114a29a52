import { PGlite } from "@electric-sql/pglite";
import { describe } from "vitest";
import { eventStoreConformance } from "../conformance/event-store-conformance.js";
import { installMessageDb } from "./installer.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";
import { createTestDatabase, serverUrl } from "./test-database.js";

eventStoreConformance("MessageDBEventStore on PGlite", async () => {
  const pglite = await PGlite.create();
  return {
    store: new MessageDBEventStore({ pglite }),
    teardown: () => pglite.close(),
  };
});

describe.skipIf(!serverUrl)("on the PostgreSQL server (STRATA_TEST_DATABASE_URL)", () => {
  eventStoreConformance("MessageDBEventStore on PostgreSQL", async () => {
    const db = await createTestDatabase(serverUrl as string);
    await installMessageDb(db.url);
    return { store: new MessageDBEventStore({ databaseUri: db.url }), teardown: db.drop };
  });
});
