// Projection catch-up vs a raw readCategory loop on Chromium's own IndexedDB.
// Alone: npx tsx bench/readmodels/chromium-catch-up.ts [--quick]
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright";
import { createServer } from "vite";
import { chromiumLaunchOptions } from "../../e2e/chromium-launch.js";
import { formatTable, type Row } from "../harness.js";
import "./page/api.js";

/** Serves bench/readmodels/page, runs the catch-up workload in Chromium, returns harness rows. */
export async function runChromiumCatchUp({
  quick,
}: {
  quick: boolean;
}): Promise<{ rows: Row[]; seedSeconds: number }> {
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
    page.setDefaultTimeout(0);
    await page.goto(url);
    await page.waitForSelector("body[data-ready=true]", { state: "attached" });
    return await page.evaluate((quick) => window.runCatchUp(quick), quick);
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { rows, seedSeconds } = await runChromiumCatchUp({
    quick: process.argv.includes("--quick"),
  });
  console.log(formatTable(rows));
  console.log(`seeding took ${seedSeconds.toFixed(1)} s`);
}
