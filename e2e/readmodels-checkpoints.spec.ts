import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import "./fixtures/readmodels/api.js";

async function openPage(context: BrowserContext, db: string, mode: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`/readmodels/index.html?db=${db}&mode=${mode}`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
  return page;
}

/** Adds `count` todos one after another in `page`, completing every third; resolves to their ids. */
const write = (page: Page, tab: string, count: number) =>
  page.evaluate(
    async ({ tab, count }) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const { id } = await window.readModels.add(`${tab} ${i}`);
        ids.push(id);
        if (i % 3 === 2) await window.readModels.complete(ids[i - 1] as string);
      }
      return ids;
    },
    { tab, count },
  );

for (const mode of ["async", "inline"]) {
  test(`two pages running the same ${mode} projection on one IndexedDB database share one checkpoint history`, async ({
    context,
  }) => {
    // Some 60 commands in two pages: on a loaded 2-core machine that outlasts the default 30 s.
    test.setTimeout(120_000);
    const db = `e2e-checkpoints-${mode}-${Date.now()}`;
    const [first, second] = [await openPage(context, db, mode), await openPage(context, db, mode)];
    // Both caught up (an empty store) and went live before anyone writes.
    for (const page of [first, second]) {
      expect(await page.evaluate(() => window.readModels.list().status)).toBe("live");
    }

    // Writes from both pages at once, each page's projection folding both pages' events.
    const [fromFirst, fromSecond] = await Promise.all([
      write(first, "first", 12),
      write(second, "second", 12),
    ]);
    // And commands on the other page's todos: conflicts between tabs are retried.
    await Promise.all([
      first.evaluate((id) => window.readModels.complete(id), fromSecond[0] as string),
      second.evaluate((id) => window.readModels.complete(id), fromFirst[0] as string),
    ]);
    await Promise.all([first, second].map((p) => p.evaluate(() => window.readModels.settle())));

    const expected = await first.evaluate(() => window.readModels.recompute());
    expect(expected.order).toHaveLength(24);
    expect(Object.values(expected.byId).filter((row) => row.done)).toHaveLength(10);
    for (const page of [first, second]) {
      await expect.poll(() => page.evaluate(() => window.readModels.list().view)).toEqual(expected);
    }

    // One checkpoint history: never two of the same positions, never one behind the one before,
    // and the last holds the whole view.
    const checkpoints = (await second.evaluate(() => window.readModels.checkpoints())).filter(
      (c) => c.type === "Checkpoint",
    );
    expect(checkpoints.length).toBeGreaterThan(0);
    const positions = checkpoints.map((c) => Object.values(c.positions)[0] ?? 0);
    if (mode === "async") {
      expect(new Set(positions).size).toBe(positions.length);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    } else {
      // Inline: one per commit, in the commit's transaction; catch-up's cursor never goes back.
      expect(checkpoints.length).toBeGreaterThanOrEqual(24 + 10);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
    await expect
      .poll(async () => (await first.evaluate(() => window.readModels.checkpoints())).at(-1)?.view)
      .toEqual(expected);

    // A page opened now starts from that checkpoint with the whole view.
    const third = await openPage(context, db, mode);
    expect(await third.evaluate(() => window.readModels.list().view)).toEqual(expected);
  });
}
