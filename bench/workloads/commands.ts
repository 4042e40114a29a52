import type { Workload } from "../harness.js";
import { castoreCommands } from "../peers/castore.js";
import { emmettCommands } from "../peers/emmett.js";
import { equinoxCommands } from "../peers/equinox.js";
import { strataCommands } from "../peers/strata.js";
import { label, type WorkloadModule } from "./module.js";

const STRATA = "Strata (snapshots every 10, no cache)";

/**
 * Workload 2: N sequential commands (load, decide, append) on one aggregate in memory. Equinox
 * re-reads and re-decodes the whole stream per command (35-70 s for 10,000 here), so at 10,000
 * it runs in a workload of its own, full mode only, with few rounds.
 */
export const commandWorkloads: WorkloadModule = async ({ quick, note }) => {
  const workloads: Workload[] = [
    {
      name: `commands ${label(1_000)}`,
      baseline: STRATA,
      variants: [
        strataCommands(1_000),
        strataCommands(1_000, true),
        emmettCommands(1_000),
        castoreCommands(1_000),
        equinoxCommands(1_000),
      ],
      warmupRounds: 1,
      rounds: quick ? 3 : 7,
    },
    {
      name: `commands ${label(10_000)}`,
      baseline: STRATA,
      // Emmett copies the whole stream on every append: about 6 s per run at 10,000.
      variants: [
        strataCommands(10_000),
        strataCommands(10_000, true),
        emmettCommands(10_000),
        castoreCommands(10_000),
      ],
      rounds: quick ? 1 : 5,
    },
  ];
  if (quick) {
    note("commands N=10,000: Equinox skipped in --quick (35-70 s per run); run the full bench.");
    note("commands N=10,000: one round in --quick (no warm-up): read it as an estimate.");
  } else {
    workloads.push({
      name: `commands ${label(10_000)} (Equinox)`,
      baseline: STRATA,
      variants: [strataCommands(10_000), equinoxCommands(10_000)],
      rounds: 2,
    });
  }
  return workloads;
};
