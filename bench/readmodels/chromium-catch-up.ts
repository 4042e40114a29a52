// Projection catch-up vs a raw readCategory loop on Chromium's own IndexedDB.
// Alone: npx tsx bench/readmodels/chromium-catch-up.ts [--quick]
import { fileURLToPath, pathToFileURL } from "node:url";
import { withServedChromium } from "../chromium-session.js";
import { formatTable, type Row } from "../harness.js";
import "./page/api.js";

/** Serves bench/readmodels/page, runs the catch-up workload in Chromium, returns harness rows. */
export async function runChromiumCatchUp({
  quick,
}: {
  quick: boolean;
}): Promise<{ rows: Row[]; seedSeconds: number }> {
  return withServedChromium(
    fileURLToPath(new URL("./page", import.meta.url)),
    async ({ browser, url }) => {
      const page = await browser.newPage();
      page.setDefaultTimeout(0);
      await page.goto(url);
      await page.waitForSelector("body[data-ready=true]", { state: "attached" });
      return page.evaluate((quick) => window.runCatchUp(quick), quick);
    },
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { rows, seedSeconds } = await runChromiumCatchUp({
    quick: process.argv.includes("--quick"),
  });
  console.log(formatTable(rows));
  console.log(`seeding took ${seedSeconds.toFixed(1)} s`);
}
