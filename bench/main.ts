/**
 * `npm run bench [-- --quick] [-- --only=<text>]`: runs every workload module in this process,
 * each workload's variants interleaved, and prints one markdown table of medians and ratios.
 */
import { cpus, totalmem } from "node:os";
import { bundleSizeNotes, measureBundleSizes } from "./bundle-size.js";
import { runColdStartBench } from "./cold-start/run.js";
import { formatTable, type Row, runWorkload } from "./harness.js";
import { runIndexedDbBench } from "./indexeddb/run.js";
import { messageDbWorkloads } from "./messagedb.js";
import { postgresUrl } from "./peers/scratch-database.js";
import { catchUpWorkloads } from "./readmodels/catch-up.js";
import { runChromiumCatchUp } from "./readmodels/chromium-catch-up.js";
import { measureRenderLatency } from "./readmodels/render-latency.js";
import { commandWorkloads } from "./workloads/commands.js";
import type { BenchOptions, WorkloadModule } from "./workloads/module.js";
import { postgresCommandWorkloads } from "./workloads/postgres-commands.js";
import { rehydrateWorkloads } from "./workloads/rehydrate.js";

// Every workload module run in this process, in order; the IndexedDB workloads run in Chromium.
const MODULES: WorkloadModule[] = [
  rehydrateWorkloads,
  commandWorkloads,
  postgresCommandWorkloads,
  messageDbWorkloads,
  catchUpWorkloads,
];

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.find((a) => a.startsWith("--only="))?.slice("--only=".length);

const notes: string[] = [];
const options: BenchOptions = {
  quick,
  databaseUrl: postgresUrl(),
  note: (text) => notes.push(text),
};

const cpu = cpus();
const machine = `${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version} (${process.platform}/${process.arch})`;
const command = `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`;
console.log(`# Strata benchmarks\n\nMachine: ${machine}\nCommand: \`${command}\`\n`);

const started = performance.now();
const rows: Row[] = [];
for (const module of MODULES) {
  for (const workload of await module(options)) {
    if (only && !workload.name.includes(only)) {
      await workload.dispose?.({ skipped: true });
      continue;
    }
    const t0 = performance.now();
    process.stderr.write(`${workload.name}… `);
    rows.push(...(await runWorkload(workload)));
    process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
}

if (!only || "bundle size".includes(only)) {
  notes.push(...bundleSizeNotes(await measureBundleSizes()));
}

if (!only || "cold start".includes(only)) {
  const t0 = performance.now();
  process.stderr.write("embedded MessageDB cold start (fresh processes)… ");
  const coldStart = await runColdStartBench({ quick });
  rows.push(...coldStart.rows);
  notes.push(...coldStart.notes);
  process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

if (!only || "IndexedDB".includes(only)) {
  const t0 = performance.now();
  process.stderr.write("IndexedDB in Chromium… ");
  rows.push(...(await runIndexedDbBench({ quick })));
  process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

if (!only || "catch-up IndexedDB in Chromium".includes(only)) {
  process.stderr.write("catch-up on IndexedDB in Chromium… ");
  const { rows: catchUp, seedSeconds } = await runChromiumCatchUp({ quick });
  rows.push(...catchUp);
  notes.push(`catch-up on IndexedDB in Chromium: seeding took ${seedSeconds.toFixed(1)} s`);
}

if (!only || "render latency".includes(only)) {
  const { sameTab, otherTab, samples } = await measureRenderLatency({ quick });
  notes.push(
    `React commit-to-render on IndexedDB in Chromium (${samples} adds): same tab median ${sameTab.medianMs.toFixed(1)} ms (p95 ${sameTab.p95Ms.toFixed(1)}), other tab median ${otherTab.medianMs.toFixed(1)} ms (p95 ${otherTab.p95Ms.toFixed(1)})`,
  );
}

console.log(formatTable(rows));
if (notes.length) console.log(`\n${notes.map((n) => `- ${n}`).join("\n")}`);
console.log(`\nTotal time: ${((performance.now() - started) / 1000).toFixed(0)} s`);
