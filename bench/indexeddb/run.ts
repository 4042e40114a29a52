// Runs the IndexedDB benchmark in Chromium: Vite serves bench/indexeddb/page, Playwright drives it.
// Alone: npx tsx bench/indexeddb/run.ts [--quick]
import { fileURLToPath, pathToFileURL } from "node:url";
import { withServedChromium } from "../chromium-session.js";
import { formatTable, type Row } from "../harness.js";

/**
 * Appends and rehydrates 10,000 events with Strata's IndexedDB store and with raw Dexie, interleaved
 * in one Chromium page, and returns the harness rows (ratios are to raw Dexie).
 *
 * @example
 * console.log(formatTable(await runIndexedDbBench({ quick: true })));
 */
export async function runIndexedDbBench({ quick }: { quick: boolean }): Promise<Row[]> {
  return withServedChromium(
    fileURLToPath(new URL("./page", import.meta.url)),
    async ({ browser, url }) => {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForSelector("body[data-ready=true]", { state: "attached" });
      return page.evaluate((quick) => window.runIndexedDbBench(quick), quick);
    },
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runIndexedDbBench({ quick: process.argv.includes("--quick") });
  console.log(formatTable(rows));
}
