import type { Workload } from "../harness.js";
import { castoreRehydrate } from "../peers/castore.js";
import { emmettRehydrate } from "../peers/emmett.js";
import { equinoxRehydrate } from "../peers/equinox.js";
import { handFold } from "../peers/fold.js";
import { strataRehydrate } from "../peers/strata.js";
import { label, SIZES, type WorkloadModule } from "./module.js";

const STRATA = "Strata (no snapshots)";

/**
 * Workload 1: load one aggregate of N events from memory. Targets: Strata without snapshots at
 * most 1.5x the hand-written fold, and faster than Emmett, Castore and Equinox.
 */
export const rehydrateWorkloads: WorkloadModule = async ({ quick }) =>
  SIZES.map(
    (n): Workload => ({
      name: `rehydrate ${label(n)}`,
      baseline: STRATA,
      variants: [
        strataRehydrate(n, false),
        strataRehydrate(n, true),
        handFold(n),
        emmettRehydrate(n),
        castoreRehydrate(n),
        equinoxRehydrate(n),
      ],
      // Loads take well under a millisecond at 1,000: time them in batches.
      repeat: n >= 10_000 ? 10 : 100,
      warmupRounds: quick ? 2 : 3,
      rounds: quick ? 9 : 25,
    }),
  );
