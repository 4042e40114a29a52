// The benchmark page: run.ts opens it in Chromium and calls window.runPgliteBrowserBench.
import { type Row, runWorkload } from "../../harness.js";
import { dropBenchDatabases, pgliteBrowserWorkloads } from "../workloads.js";

declare global {
  interface Window {
    runPgliteBrowserBench: (quick: boolean) => Promise<Row[]>;
  }
}

window.runPgliteBrowserBench = async (quick) => {
  const rows: Row[] = [];
  try {
    for (const workload of pgliteBrowserWorkloads({ quick })) {
      rows.push(...(await runWorkload(workload)));
      await dropBenchDatabases();
    }
  } finally {
    await dropBenchDatabases();
  }
  return rows;
};
document.body.dataset.ready = "true";
