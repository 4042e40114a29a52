import type { Workload } from "../harness.js";

/** What every workload module is told about the run. */
export interface BenchOptions {
  /** `--quick`: fewer rounds and no slow peers at 10,000; the whole run stays under 2 minutes. */
  quick: boolean;
  /** PostgreSQL server for the store-backed workloads (a scratch database is made on it). */
  databaseUrl: string;
  /** Records a line printed under the table: what was skipped and why. */
  note(text: string): void;
}

/**
 * A group of workloads. `main.ts` builds one module's workloads, runs them, then goes to the next,
 * so a module may hold resources (a scratch database) and free them in `Workload.dispose`.
 */
export type WorkloadModule = (options: BenchOptions) => Promise<Workload[]>;

/** Sizes every workload runs at: one aggregate of N events / N commands. */
export const SIZES = [1_000, 10_000] as const;

export const label = (n: number): string => `N=${n.toLocaleString("en-US")}`;
