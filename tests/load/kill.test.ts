import { describe, expect, it } from "vitest";
import { installedTestDatabase, serverUrl } from "../../adapters/messagedb/test-database.js";
import { expectAllOrNothing, runKills } from "./kill-run.js";

describe.skipIf(!serverUrl)("backends killed during units of work (PostgreSQL)", () => {
  const db = installedTestDatabase();

  it("4 lanes x 40 units of work (3 events, 2 categories) under kills: all or nothing per unit, counted", async () => {
    const result = await runKills(db.url, { lanes: 4, unitsPerLane: 40, killEveryMs: 10 });
    expectAllOrNothing(result);
    expect(result.killedBackends).toBeGreaterThan(0);
    expect(result.committed).toBeGreaterThan(0);
    console.log(`kill test: ${JSON.stringify(result)}`);
  }, 120_000);
});
