// Commit-to-render latency of the React hooks on IndexedDB in Chromium: in the tab that wrote,
// and in another tab of the same origin (BroadcastChannel, then a category read), with the list
// projection async and inline.
// Alone: npx tsx bench/readmodels/render-latency.ts [--quick]
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Page } from "playwright";
import { withServedChromium } from "../chromium-session.js";
import "../../e2e/fixtures/readmodels/api.js";

type Summary = { medianMs: number; p95Ms: number };

/**
 * From `add` resolving to the row rendered (`sameTab`, `otherTab`), and from `add` being called
 * (`fromCall`). An inline projection renders the tab that wrote before `add` resolves (the view
 * is served as soon as the append succeeded), so only the second compares both modes.
 */
export interface LatencyResult {
  samples: number;
  sameTab: Summary;
  otherTab: Summary;
  fromCall: { sameTab: Summary; otherTab: Summary };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const summary = (values: number[]) => ({
  medianMs: percentile(values, 50),
  p95Ms: percentile(values, 95),
});

async function renderedAt(page: Page, id: string): Promise<number> {
  await page.waitForFunction((id) => window.readModels.renderedAt(id) !== undefined, id, {
    polling: "raf",
  });
  return (await page.evaluate((id) => window.readModels.renderedAt(id), id)) as number;
}

/**
 * Adds todos one at a time in one tab; times each until its row is rendered in both tabs. `mode`
 * is the list projection's: `inline` serves the write before `add` resolves in the tab that wrote.
 */
export async function measureRenderLatency({
  quick,
  mode = "async",
}: {
  quick: boolean;
  mode?: "async" | "inline";
}): Promise<LatencyResult> {
  const fixtures = fileURLToPath(new URL("../../e2e/fixtures", import.meta.url));
  return withServedChromium(fixtures, async ({ browser, url }) => {
    const context = await browser.newContext();
    const db = `bench-latency-${mode}-${Date.now()}`;
    const open = async () => {
      const page = await context.newPage();
      await page.goto(`${url}readmodels/index.html?db=${db}&mode=${mode}`);
      await page.waitForSelector("body[data-ready=true]", { state: "attached" });
      return page;
    };
    const writer = await open();
    const reader = await open();
    const same: number[] = [];
    const other: number[] = [];
    const sameFromCall: number[] = [];
    const otherFromCall: number[] = [];
    const samples = quick ? 10 : 40;
    for (let i = 0; i < samples + 3; i++) {
      const { id, startedAt, committedAt } = await writer.evaluate(
        (t) => window.readModels.add(t),
        `Todo ${i}`,
      );
      const [here, there] = await Promise.all([renderedAt(writer, id), renderedAt(reader, id)]);
      if (i < 3) continue; // warm-up
      same.push(here - committedAt);
      other.push(there - committedAt);
      sameFromCall.push(here - startedAt);
      otherFromCall.push(there - startedAt);
    }
    return {
      samples,
      sameTab: summary(same),
      otherTab: summary(other),
      fromCall: { sameTab: summary(sameFromCall), otherTab: summary(otherFromCall) },
    };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes("--quick");
  for (const mode of ["async", "inline"] as const) {
    console.log(mode, JSON.stringify(await measureRenderLatency({ quick, mode }), null, 2));
  }
}
