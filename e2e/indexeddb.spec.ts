import { type BrowserContext, expect as baseExpect, type Page, test } from "@playwright/test";
import { pageDatabase, strataMatchers } from "../playwright/index.js";
import "./fixtures/indexeddb/api.js";

const expect = baseExpect.extend(strataMatchers);

/** Opens the fixture page on a database of its own per test; pages of one context share it. */
async function openPage(context: BrowserContext, db: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`/indexeddb/index.html?db=${db}`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
  return page;
}

const database = (title: string) => `e2e-${title.replace(/\W+/g, "-")}-${Date.now()}`;

test.describe("IndexedDBEventStore in Chromium", () => {
  test("aggregates reload after a page reload with the same _version and state", async ({
    context,
  }, info) => {
    const name = database(info.title);
    const page = await openPage(context, name);
    const db = pageDatabase(page, { databaseName: name });
    const { id } = await page.evaluate(() => window.strataE2E.register("ada@example.com", 11));
    // A snapshot is written at version 11 (threshold 5); two more adds leave a tail after it.
    for (const name of ["Ada", "Lovelace"]) {
      await page.evaluate((args) => window.strataE2E.prepareRename(...args), [id, name] as const);
      expect(await page.evaluate(() => window.strataE2E.commitRename())).toMatchObject({
        ok: true,
      });
    }
    const before = await page.evaluate((id) => window.strataE2E.load(id), id);
    expect(before.version).toBe(13);
    await page.reload();
    await page.waitForSelector("body[data-ready=true]", { state: "attached" });
    const after = await page.evaluate((id) => window.strataE2E.load(id), id);
    expect(after).toEqual(before);
    expect(after.state).toMatchObject({ firstName: "Lovelace", renames: 13 });
    // 14 events and one snapshot, all still in IndexedDB.
    expect(await db.readAll()).toHaveLength(15);
    await expect(db.stream(`user-${id}`)).toHaveEventTypes([
      "Registered",
      ...Array<string>(13).fill("Renamed"),
    ]);
    expect((await db.readStream(`user:snapshot-${id}`)).map((m) => m.metadata)).toEqual([
      { version: 11, schemaVersion: 1, strataFingerprint: expect.any(String) },
    ]);
  });

  test("two pages appending to one aggregate at once: exactly one wins per version", async ({
    context,
  }, info) => {
    const name = database(info.title);
    const a = await openPage(context, name);
    const b = await openPage(context, name);
    const db = pageDatabase(a, { databaseName: name });
    const { id } = await a.evaluate(() => window.strataE2E.register("race@example.com", 0));
    for (let round = 0; round < 5; round++) {
      const [fromA, fromB] = await Promise.all([
        a.evaluate((id) => window.strataE2E.prepareRename(id, "A"), id),
        b.evaluate((id) => window.strataE2E.prepareRename(id, "B"), id),
      ]);
      expect(fromA).toBe(round + 1);
      expect(fromB).toBe(round + 1);
      const outcomes = await Promise.all([
        a.evaluate(() => window.strataE2E.commitRename()),
        b.evaluate(() => window.strataE2E.commitRename()),
      ]);
      const winners = outcomes.filter((o) => o.ok);
      const losers = outcomes.filter((o) => !o.ok);
      expect(winners).toEqual([{ ok: true, version: round + 1 }]);
      expect(losers).toEqual([
        {
          ok: false,
          error: "ExpectedVersionError",
          message: `Wrong expected version: ${round} (Stream: user-${id}, Stream Version: ${round + 1})`,
          expectedVersion: round,
          actualVersion: round + 1,
        },
      ]);
    }
    expect((await a.evaluate((id) => window.strataE2E.load(id), id)).version).toBe(5);
    expect(await db.readStream(`user-${id}`)).toHaveLength(6);
  });

  test("a subscriber in page B hears page A's event", async ({ context }, info) => {
    const name = database(info.title);
    const a = await openPage(context, name);
    const b = await openPage(context, name);
    await b.evaluate(() => window.strataE2E.subscribe());
    const { id } = await a.evaluate(() => window.strataE2E.register("heard@example.com", 1));
    await expect
      .poll(() => b.evaluate(() => window.strataE2E.heard()), { timeout: 500 })
      .toEqual([`user-${id}@0`, `user-${id}@1`]);
  });

  test("a unit of work that fails half-way leaves nothing of it in IndexedDB", async ({
    context,
  }, info) => {
    const name = database(info.title);
    const page = await openPage(context, name);
    const db = pageDatabase(page, { databaseName: name });
    const { id } = await page.evaluate(() => window.strataE2E.register("b@example.com", 0));
    const before = (await db.readAll()).length;
    const { outcome, newcomerStream } = await page.evaluate(
      (id) => window.strataE2E.failingUnitOfWork(id),
      id,
    );
    expect(outcome).toMatchObject({ ok: false, error: "ExpectedVersionError", actualVersion: 1 });
    expect(await db.readStream(newcomerStream)).toHaveLength(0);
    // Only the winner's own add (one rename) was stored.
    expect(await db.readAll()).toHaveLength(before + 1);
    await expect(db.stream(`user-${id}`)).toHaveEventTypes(["Registered", "Renamed"]);
    expect((await page.evaluate((id) => window.strataE2E.load(id), id)).state).toMatchObject({
      firstName: "Winner",
    });
  });
});
