/**
 * Cold start of the embedded MessageDB store: the first `add` in a fresh process, against PGlite's
 * own fastest open of a database that already holds MessageDB (`loadDataDir`). Each sample is a
 * new process; variants are interleaved. `npx tsx bench/cold-start/run.ts [--quick]`.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Row } from "../harness.js";

const VARIANTS = [
  { name: "raw PGlite.create({ loadDataDir }) + write_message", id: "raw-load", baseline: true },
  { name: "new MessageDBEventStore() first append (ready-database cache)", id: "store" },
  { name: "new MessageDBEventStore({ pgliteCache: false }) first append", id: "store-no-cache" },
] as const;

const root = fileURLToPath(new URL("../../", import.meta.url));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;

async function sample(id: string): Promise<{ ms: number; rssMb: number }> {
  const { stdout } = await promisify(execFile)("npx", ["tsx", "bench/cold-start/child.ts", id], {
    cwd: root,
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) as string);
}

/** Rows for the benchmark table, and the RSS of each variant as notes. */
export async function runColdStartBench({ quick }: { quick: boolean }) {
  await sample("store"); // fills the ready-database cache if it is empty
  const rounds = quick ? 3 : 5;
  const samples = new Map<string, { ms: number; rssMb: number }[]>();
  for (let round = 0; round < rounds; round++) {
    for (const v of VARIANTS) samples.set(v.id, [...(samples.get(v.id) ?? []), await sample(v.id)]);
  }
  const baseline = median((samples.get("raw-load") ?? []).map((s) => s.ms));
  const rows: Row[] = VARIANTS.map((v) => {
    const ms = median((samples.get(v.id) ?? []).map((s) => s.ms));
    return {
      workload: "embedded MessageDB cold start (fresh process)",
      variant: v.name,
      medianMs: ms,
      ratio: ms / baseline,
      isBaseline: "baseline" in v,
    };
  });
  const notes = VARIANTS.map(
    (v) =>
      `cold start RSS, ${v.name}: ${median((samples.get(v.id) ?? []).map((s) => s.rssMb)).toFixed(0)} MB`,
  );
  return { rows, notes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { rows, notes } = await runColdStartBench({ quick: process.argv.includes("--quick") });
  for (const r of rows) {
    console.log(`${r.variant}: ${r.medianMs.toFixed(0)} ms (${r.ratio.toFixed(2)}x)`);
  }
  for (const n of notes) console.log(n);
}
