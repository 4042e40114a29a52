// The benchmark page: run.ts opens it in Chromium and calls window.runIndexedDbBench.
import { type Row, runWorkload } from "../../harness.js";
import { dropBenchDatabases, indexedDbPageWorkloads } from "../workloads.js";

declare global {
  interface Window {
    runIndexedDbBench: (quick: boolean) => Promise<Row[]>;
  }
}

window.runIndexedDbBench = async (quick) => {
  const rows: Row[] = [];
  try {
    for (const workload of await indexedDbPageWorkloads({ quick })) {
      rows.push(...(await runWorkload(workload)));
      await dropBenchDatabases();
    }
  } finally {
    await dropBenchDatabases();
  }
  return rows;
};
document.body.dataset.ready = "true";
