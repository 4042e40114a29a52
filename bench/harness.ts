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
  /** Untimed rounds run first, so every variant is JIT-compiled before it is measured (default 0). */
  warmupRounds?: number;
  /**
   * Calls of `run` per measurement (default 1): sub-millisecond operations are timed in a batch
   * (one setup, `repeat` runs, one teardown) and reported per call, above the timer's resolution.
   */
  repeat?: number;
  /** Runs once after the last round, even if a variant failed (close pools, drop databases). */
  /** Frees what the workload holds; `skipped` when `--only` left it out without running it. */
  dispose?: (info?: { skipped: boolean }) => Promise<unknown> | unknown;
}

export interface Row {
  workload: string;
  variant: string;
  medianMs: number;
  /** This variant's median divided by the baseline's. */
  ratio: number;
  isBaseline: boolean;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function measure(variant: Variant, repeat: number): Promise<number> {
  const prepared = await variant.setup?.();
  const start = performance.now();
  for (let i = 0; i < repeat; i++) await variant.run(prepared);
  const elapsed = (performance.now() - start) / repeat;
  await variant.teardown?.(prepared);
  return elapsed;
}

export async function runWorkload(workload: Workload): Promise<Row[]> {
  const repeat = workload.repeat ?? 1;
  const times = new Map<string, number[]>(workload.variants.map((v) => [v.name, []]));
  try {
    for (let round = 0; round < (workload.warmupRounds ?? 0); round++) {
      for (const variant of workload.variants) await measure(variant, repeat);
    }
    for (let round = 0; round < workload.rounds; round++) {
      for (const variant of workload.variants) {
        times.get(variant.name)?.push(await measure(variant, repeat));
      }
    }
  } finally {
    await workload.dispose?.();
  }
  const baseline = median(times.get(workload.baseline) ?? [Number.NaN]);
  return workload.variants.map((v) => {
    const m = median(times.get(v.name) ?? []);
    return {
      workload: workload.name,
      variant: v.name,
      medianMs: m,
      ratio: m / baseline,
      isBaseline: v.name === workload.baseline,
    };
  });
}

const formatMs = (ms: number) =>
  ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);

/**
 * A markdown table: medians, `variant / baseline` (how many times the baseline's time a variant
 * takes) and its inverse `baseline / variant` (the baseline's time as a fraction of the variant's).
 */
export function formatTable(rows: Row[]): string {
  const lines = [
    "| workload | variant | median | variant / baseline | baseline / variant |",
    "|---|---|---:|---:|---:|",
  ];
  for (const r of rows) {
    const name = r.isBaseline ? `**${r.variant}** (baseline)` : r.variant;
    lines.push(
      `| ${r.workload} | ${name} | ${formatMs(r.medianMs)} ms | ${r.ratio.toFixed(2)}x | ${(1 / r.ratio).toFixed(2)}x |`,
    );
  }
  return lines.join("\n");
}
