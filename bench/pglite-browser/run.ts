// Runs the MessageDB-on-PGlite browser benchmark in Chromium: Vite serves bench/pglite-browser/page,
// Playwright drives it. Alone: npx tsx bench/pglite-browser/run.ts [--quick]
import { realpathSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { withServedChromium } from "../chromium-session.js";
import { formatTable, type Row } from "../harness.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Cold start, appends and a full load on MessageDB over PGlite in IndexedDB and on the IndexedDB
 * (Dexie) store, interleaved in one Chromium page; ratios are to the IndexedDB store.
 *
 * @example
 * console.log(formatTable(await runPgliteBrowserBench({ quick: true })));
 */
export async function runPgliteBrowserBench({ quick }: { quick: boolean }): Promise<Row[]> {
  return withServedChromium(
    here("./page"),
    async ({ browser, url }) => {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForSelector("body[data-ready=true]", { state: "attached", timeout: 60_000 });
      return page.evaluate((quick) => window.runPgliteBrowserBench(quick), quick);
    },
    {
      cacheDir: here("../../node_modules/.vite-bench-pglite"),
      // PGlite fetches its wasm and data next to its module: served as is, from the real folder.
      optimizeDeps: { exclude: ["@electric-sql/pglite"] },
      server: {
        port: 0,
        host: "127.0.0.1",
        fs: { allow: [here("../.."), realpathSync(here("../../node_modules"))] },
      },
    },
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runPgliteBrowserBench({ quick: process.argv.includes("--quick") });
  console.log(formatTable(rows));
}
