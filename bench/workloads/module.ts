import { formatTable, type Row, runWorkload, type Workload } from "../harness.js";
import { postgresUrl } from "../peers/scratch-database.js";

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

/**
 * Runs one module on its own (`npx tsx bench/x.ts [--quick]`): prints its table and notes and
 * returns the rows for what the script prints after them.
 */
export async function runModuleAlone(module: WorkloadModule): Promise<Row[]> {
  const notes: string[] = [];
  const options: BenchOptions = {
    quick: process.argv.includes("--quick"),
    databaseUrl: postgresUrl(),
    note: (text) => notes.push(text),
  };
  const rows: Row[] = [];
  for (const workload of await module(options)) {
    process.stderr.write(`${workload.name}… `);
    const t0 = performance.now();
    rows.push(...(await runWorkload(workload)));
    process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  console.log(formatTable(rows));
  console.log(notes.join("\n"));
  return rows;
}
