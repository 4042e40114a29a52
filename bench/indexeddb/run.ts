// Runs the IndexedDB benchmark in Chromium: Vite serves bench/indexeddb/page, Playwright drives it.
// Alone: npx tsx bench/indexeddb/run.ts [--quick]
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright";
import { createServer } from "vite";
import { chromiumLaunchOptions } from "../../e2e/chromium-launch.js";
import { formatTable, type Row } from "../harness.js";

/**
 * Appends and rehydrates 10,000 events with Strata's IndexedDB store and with raw Dexie, interleaved
 * in one Chromium page, and returns the harness rows (ratios are to raw Dexie).
 *
 * @example
 * console.log(formatTable(await runIndexedDbBench({ quick: true })));
 */
export async function runIndexedDbBench({ quick }: { quick: boolean }): Promise<Row[]> {
  const server = await createServer({
    configFile: false,
    root: fileURLToPath(new URL("./page", import.meta.url)),
    server: { port: 0, host: "127.0.0.1" },
    logLevel: "warn",
  });
  await server.listen();
  const browser = await chromium.launch({ headless: true, ...chromiumLaunchOptions });
  try {
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error("Vite did not report a local URL");
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForSelector("body[data-ready=true]", { state: "attached" });
    return await page.evaluate((quick) => window.runIndexedDbBench(quick), quick);
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runIndexedDbBench({ quick: process.argv.includes("--quick") });
  console.log(formatTable(rows));
}
