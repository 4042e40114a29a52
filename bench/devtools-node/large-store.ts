// The devtools bridge and its page on a store of 1,000,000 messages: time to a live panel, to open
// a stream, and from a commit by another connection to its row in the panel (Chromium). Saves a
// screenshot to docs/devtools-node.png with BENCH_SCREENSHOT=1.
// Alone: STRATA_TEST_DATABASE_URL=postgresql://... npx tsx bench/devtools-node/large-store.ts

import pg from "pg";
import { chromium } from "playwright";
import { installMessageDb } from "../../adapters/messagedb/installer.js";
import { createTestDatabase } from "../../adapters/messagedb/test-database.js";
import { panelScript } from "../../devtools/node/panel-asset.js";
import { openReadOnlyStore } from "../../devtools/node/read-only-store.js";
import { serveStore } from "../../devtools/node/serve.js";
import { chromiumLaunchOptions } from "../../e2e/chromium-launch.js";
import { fillStore } from "./fill.js";

const STREAMS = Number(process.env.BENCH_STREAMS ?? 100_000);
const PER_STREAM = Number(process.env.BENCH_PER_STREAM ?? 10);

const server = process.env.STRATA_TEST_DATABASE_URL;
if (!server) throw new Error("STRATA_TEST_DATABASE_URL is not set");
const db = await createTestDatabase(server);
const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
try {
  await installMessageDb(db.url);
  await fillStore(db.url, STREAMS, PER_STREAM);
  const { store, database, close } = await openReadOnlyStore({ databaseUri: db.url });
  const bridge = await serveStore(store, database, { port: 0 });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const rows: Record<string, string>[] = [];
  // From source the page is bundled on first request: do that before timing (dist ships it built).
  await panelScript();
  let started = performance.now();
  if (process.env.BENCH_DEBUG)
    page.on("response", (r) =>
      console.log((performance.now() - started).toFixed(0), r.status(), r.url().slice(0, 90)),
    );
  await page.goto(bridge.url);
  await page.waitForSelector("#status:has-text('· live')", { timeout: 60_000 });
  rows.push({
    step: "page open to a live panel (latest 5,000 of 1M read)",
    ms: (performance.now() - started).toFixed(0),
  });
  started = performance.now();
  await page.getByRole("tab", { name: "Streams" }).click();
  const stream = "cat7-7";
  await page.getByRole("tab", { name: "Feed" }).click();
  const writer = new pg.Client({ connectionString: db.url });
  await writer.connect();
  const latencies: number[] = [];
  for (let i = 0; i < 5; i++) {
    const name = `live${i}-1`;
    await writer.query(
      "SELECT message_store.write_message(gen_random_uuid()::varchar, $1, 'Written', '{}'::jsonb)",
      [name],
    );
    const committed = performance.now();
    await page.locator(`[data-stream="${name}"]`).first().waitFor({ timeout: 5000 });
    latencies.push(performance.now() - committed);
    await page.waitForTimeout(137);
  }
  await writer.end();
  rows.push({
    step: "commit by another connection to its row in the panel (5 writes)",
    ms: latencies.map((l) => l.toFixed(0)).join(" / "),
  });
  started = performance.now();
  await page.evaluate(() => {});
  await page.getByRole("tab", { name: "Feed" }).click();
  await page.locator('[data-stream^="cat"]').first().click();
  await page.getByRole("tab", { name: "Stream", exact: true }).waitFor();
  await page
    .locator("[role=listbox][aria-label^='Timeline of'] [data-position]")
    .nth(PER_STREAM - 1)
    .waitFor({ timeout: 10_000 });
  rows.push({
    step: `open a stream from the feed (read whole: ${PER_STREAM} events)`,
    ms: (performance.now() - started).toFixed(0),
  });
  console.table(rows);
  console.log(await page.locator("#status").textContent(), stream);
  if (process.env.BENCH_SCREENSHOT) await page.screenshot({ path: "docs/devtools-node-large.png" });
  await bridge.close();
  await close();
} finally {
  await browser.close();
  await db.drop();
}
