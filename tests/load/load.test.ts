import { describe, expect, it } from "vitest";
import { installedTestDatabase, serverUrl } from "../../adapters/messagedb/test-database.js";
import { expectNoLostUpdate, runLoad } from "./load-run.js";

describe.skipIf(!serverUrl)("load: writer processes on hot aggregates (PostgreSQL)", () => {
  const db = installedTestDatabase();

  it("4 processes x 60 transact on 3 aggregates: no lost update, no gap or duplicate, failures only ExpectedVersionError", async () => {
    const result = await runLoad(db.url, {
      processes: 4,
      commands: 60,
      aggregates: 3,
      cache: true,
    });
    expectNoLostUpdate(result);
    expect(result.succeeded).toBeGreaterThan(0);
  }, 120_000);
});
