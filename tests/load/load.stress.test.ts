// `npm run test:stress`: the long load and fault runs (about 2-3 minutes on 2 cores). Each prints
// its figures; the retry counts with the cache on and off are what issue 10 asked to compare.
import { describe, expect, it } from "vitest";
import { installedTestDatabase, serverUrl } from "../../adapters/messagedb/test-database.js";
import { expectAllOrNothing, runKills } from "./kill-run.js";
import { expectNoLostUpdate, runLoad } from "./load-run.js";

describe.skipIf(!serverUrl)("stress on PostgreSQL", () => {
  const db = installedTestDatabase();

  for (const cache of [true, false]) {
    it(`8 processes x 250 transact on 3 hot aggregates, cache ${cache ? "on" : "off"}`, async () => {
      const result = await runLoad(db.url, { processes: 8, commands: 250, aggregates: 3, cache });
      expectNoLostUpdate(result);
      const { aggregates: _, ...figures } = result;
      console.log(`load, cache ${cache ? "on" : "off"}: ${JSON.stringify(figures)}`);
    }, 600_000);
  }

  it("8 lanes x 250 units of work under backend kills every 5 ms", async () => {
    const result = await runKills(db.url, { lanes: 8, unitsPerLane: 250, killEveryMs: 5 });
    expectAllOrNothing(result);
    expect(result.killedBackends).toBeGreaterThan(100);
    console.log(`kills: ${JSON.stringify(result)}`);
  }, 600_000);
});
