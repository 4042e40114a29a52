import { expect, test } from "@playwright/test";
import "./fixtures/messagedb/api.js";

test("MessageDB on PGlite in IndexedDB: aggregates survive a page reload", async ({ page }) => {
  await page.goto(`/messagedb/index.html?db=e2e-messagedb-${Date.now()}`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached", timeout: 60_000 });
  const registered = await page.evaluate(() =>
    window.strataMessageDB.register("ada@example.com", 7),
  );
  expect(registered.version).toBe(7);
  const before = await page.evaluate((id) => window.strataMessageDB.load(id), registered.id);

  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { state: "attached", timeout: 60_000 });
  const after = await page.evaluate((id) => window.strataMessageDB.load(id), registered.id);
  expect(after).toEqual(before);
  expect(after.state).toMatchObject({ email: "ada@example.com", firstName: "Name 7" });
  // 8 events and the snapshot written at version 7 (threshold 5), read back from IndexedDB.
  expect(await page.evaluate(() => window.strataMessageDB.messageCount())).toBe(9);
});
