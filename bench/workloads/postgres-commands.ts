import type { Workload } from "../harness.js";
import { castorePostgresCommands } from "../peers/castore-postgres.js";
import { emmettPostgresCommands } from "../peers/emmett-postgres.js";
import { createScratchDatabase } from "../peers/scratch-database.js";
import { strataMessageDbCommands } from "../peers/strata-messagedb.js";
import { label, type WorkloadModule } from "./module.js";

const N = 1_000;

/**
 * Workload 3: workload 2 against PostgreSQL, for the peers' Postgres stores. Both re-read the
 * whole stream per command (quadratic: 245-344 s at 10,000), so only N=1,000, two rounds, and
 * only in full mode. Strata on MessageDB is the baseline.
 */
export const postgresCommandWorkloads: WorkloadModule = async ({ quick, databaseUrl, note }) => {
  if (quick) {
    note("commands on PostgreSQL: skipped in --quick (a few seconds per run); run the full bench.");
    return [];
  }
  note(`commands on PostgreSQL: ${label(N)} only; the peers are quadratic (245-344 s at 10,000).`);
  const db = await createScratchDatabase(databaseUrl);
  const variants = [
    strataMessageDbCommands(N, db.url),
    emmettPostgresCommands(N, db.url),
    castorePostgresCommands(N, db.url),
  ];
  const workload: Workload = {
    name: `commands ${label(N)} on PostgreSQL`,
    baseline: variants[0]?.name ?? "",
    variants,
    rounds: 2,
    dispose: async () => {
      for (const v of variants) await v.close();
      await db.drop();
    },
  };
  return [workload];
};
