/**
 * Interleaved benchmarking: every variant of a workload runs once per round, in turn, in the same
 * process, so machine noise hits them alike; the table reports medians and ratios to a baseline.
 */
export interface Variant {
  name: string;
  /** Runs before each measured run, untimed (fresh store, seeded stream…); its result goes to `run`. */
  setup?: () => Promise<unknown> | unknown;
  run: (prepared: unknown) => Promise<unknown> | unknown;
  /** Runs after each measured run, untimed. */
  teardown?: (prepared: unknown) => Promise<unknown> | unknown;
}

export interface Workload {
  name: string;
  /** The variant the others are compared to (Strata's, usually); ratios are variant / this. */
  baseline: string;
  variants: Variant[];
  rounds: number;
}

export interface Row {
  workload: string;
  variant: string;
  medianMs: number;
  /** This variant's median divided by the baseline's. */
  ratio: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export async function runWorkload(workload: Workload): Promise<Row[]> {
  const times = new Map<string, number[]>(workload.variants.map((v) => [v.name, []]));
  for (let round = 0; round < workload.rounds; round++) {
    for (const variant of workload.variants) {
      const prepared = await variant.setup?.();
      const start = performance.now();
      await variant.run(prepared);
      times.get(variant.name)?.push(performance.now() - start);
      await variant.teardown?.(prepared);
    }
  }
  const baseline = median(times.get(workload.baseline) ?? [Number.NaN]);
  return workload.variants.map((v) => {
    const m = median(times.get(v.name) ?? []);
    return { workload: workload.name, variant: v.name, medianMs: m, ratio: m / baseline };
  });
}

export function formatTable(rows: Row[]): string {
  const lines = ["| workload | variant | median | vs baseline |", "|---|---|---:|---:|"];
  for (const r of rows) {
    const ms = r.medianMs >= 100 ? r.medianMs.toFixed(0) : r.medianMs.toFixed(2);
    lines.push(`| ${r.workload} | ${r.variant} | ${ms} ms | ${r.ratio.toFixed(2)}x |`);
  }
  return lines.join("\n");
}
