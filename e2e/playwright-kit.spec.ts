import { expect as baseExpect, type Page, test } from "@playwright/test";
import { identityDomain } from "../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../adapters/memory/index.js";
import { pageDatabase, strataMatchers } from "../playwright/index.js";
import "./fixtures/indexeddb/api.js";

const expect = baseExpect.extend(strataMatchers);

// The app's event types, made in Node: seeding encodes them as the app's repository would.
const { Registered, Renamed } = identityDomain(new MemoryEventStore());

const database = (title: string) => `kit-${title.replace(/\W+/g, "-")}-${Date.now()}`;

async function open(page: Page, db: string): Promise<void> {
  await page.goto(`/indexeddb/index.html?db=${db}`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
}

/** The object stores and indexes of a database, as IndexedDB itself reports them. */
function layoutOf(page: Page, name: string) {
  return page.evaluate(
    (name) =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const stores = [...db.objectStoreNames].map((storeName) => {
            const store = db.transaction(storeName).objectStore(storeName);
            return {
              storeName,
              keyPath: store.keyPath,
              autoIncrement: store.autoIncrement,
              indexes: [...store.indexNames].map((indexName) => {
                const index = store.index(indexName);
                return [indexName, index.keyPath, index.unique, index.multiEntry];
              }),
            };
          });
          db.close();
          resolve({ version: db.version, stores });
        };
      }),
    name,
  );
}

test.describe("strata-es/playwright against the real IndexedDB store", () => {
  test("seeded history is what the app's store loads, and the app appends after it", async ({
    page,
  }, info) => {
    const name = database(info.title);
    const db = pageDatabase(page, { databaseName: name });
    const joinedOn = new Date("2026-01-02T03:04:05.000Z");
    await db.seed("user-ada", [
      Registered({ email: "ada@example.com", joinedOn }),
      Renamed({ firstName: "Ada" }),
    ]);
    await db.seed("user-bob", [{ type: "Registered", data: { email: "bob@example.com" } }]);
    await open(page, name);
    const ada = await page.evaluate(() => window.strataE2E.load("ada"));
    expect(ada).toEqual({
      id: "ada",
      version: 1,
      state: {
        id: "ada",
        email: "ada@example.com",
        joinedOn: "2026-01-02T03:04:05.000Z",
        firstName: "Ada",
        renames: 1,
      },
    });
    expect((await page.evaluate(() => window.strataE2E.load("bob"))).version).toBe(0);
    // The store's own expected-version check sees the seeded positions.
    expect(await page.evaluate(() => window.strataE2E.prepareRename("ada", "Lovelace"))).toBe(2);
    expect(await page.evaluate(() => window.strataE2E.commitRename())).toEqual({
      ok: true,
      version: 2,
    });
    const stream = await db.readStream("user-ada");
    expect(stream.map((m) => [m.position, m.type, m.data])).toEqual([
      [0, "Registered", { email: "ada@example.com", joinedOn: "2026-01-02T03:04:05.000Z" }],
      [1, "Renamed", { firstName: "Ada" }],
      [2, "Renamed", { firstName: "Lovelace" }],
    ]);
    expect(stream[0]?.metadata).toEqual({ strataTypes: { "/joinedOn": "Date" } });
    expect(stream[2]?.time).toBeInstanceOf(Date);
    expect(stream.map((m) => m.globalPosition)).toEqual([1, 2, 4]);
  });

  test("seeded messages are there for the page's very first statement", async ({ page }, info) => {
    const name = database(info.title);
    const db = pageDatabase(page, { databaseName: name });
    await db.seed("user-1", [
      Registered({ email: "one@example.com" }),
      Renamed({ firstName: "A" }),
    ]);
    await db.seed("user-2", [Registered({ email: "two@example.com" })]);
    for (let visit = 0; visit < 2; visit++) {
      await page.goto(`/indexeddb/startup.html?db=${name}`);
      expect(
        await page.evaluate(
          () => (window as unknown as { startupRead: Promise<number> }).startupRead,
        ),
      ).toBe(3);
    }
  });

  test("seeding creates the database exactly as the store's Dexie schema does", async ({
    page,
  }, info) => {
    const byStore = `${database(info.title)}-store`;
    const bySeed = `${database(info.title)}-seed`;
    await open(page, byStore);
    await page.evaluate(() => window.strataE2E.register("x@example.com", 0));
    const db = pageDatabase(page, { databaseName: bySeed });
    await db.seed("user-1", [Registered({ email: "x@example.com" })]);
    await open(page, bySeed);
    const seeded = await layoutOf(page, bySeed);
    expect(seeded).toEqual(await layoutOf(page, byStore));
    expect(seeded).toMatchObject({ version: 10 });
    // Dexie opened it without an upgrade, and reads and writes it.
    expect(await page.evaluate(() => window.strataE2E.load("1"))).toMatchObject({ version: 0 });
    expect(await page.evaluate(() => window.strataE2E.register("y@example.com", 0))).toMatchObject({
      version: 0,
    });
    expect(await layoutOf(page, bySeed)).toEqual(seeded);
  });

  test("reloading does not seed twice; seeding an open database appends after its streams", async ({
    page,
  }, info) => {
    const name = database(info.title);
    const db = pageDatabase(page, { databaseName: name });
    await open(page, name);
    const { id } = await page.evaluate(() => window.strataE2E.register("z@example.com", 1));
    await db.seed(`user-${id}`, [Renamed({ firstName: "Seeded" })]);
    await page.reload();
    await page.reload();
    await expect(db.stream(`user-${id}`)).toHaveEventTypes(["Registered", "Renamed", "Renamed"]);
    expect((await page.evaluate((id) => window.strataE2E.load(id), id)).state).toMatchObject({
      firstName: "Seeded",
      renames: 2,
    });
  });

  test("readCategory and readAll: global order, snapshots only in readAll", async ({
    page,
  }, info) => {
    const name = database(info.title);
    const db = pageDatabase(page, { databaseName: name });
    await open(page, name);
    // Threshold 5: six events in one add write a snapshot.
    const a = await page.evaluate(() => window.strataE2E.register("a@example.com", 5));
    const b = await page.evaluate(() => window.strataE2E.register("b@example.com", 0));
    const category = await db.readCategory("user");
    expect(category.map((m) => `${m.streamName}@${m.position}`)).toEqual([
      ...[0, 1, 2, 3, 4, 5].map((p) => `user-${a.id}@${p}`),
      `user-${b.id}@0`,
    ]);
    expect(category.map((m) => m.globalPosition)).toEqual([1, 2, 3, 4, 5, 6, 8]);
    expect((await db.readCategory("user", { fromGlobalPosition: 6 })).length).toBe(2);
    const all = await db.readAll();
    expect(all.map((m) => m.streamName)).toContain(`user:snapshot-${a.id}`);
    expect(all.length).toBe(8);
    expect(await db.readStream(`user-${a.id}`, { fromPosition: 4 })).toHaveLength(2);
  });

  test("waitForEvent resolves when the app writes the event", async ({ page }, info) => {
    const name = database(info.title);
    const db = pageDatabase(page, { databaseName: name });
    await open(page, name);
    const { id } = await page.evaluate(() => window.strataE2E.register("w@example.com", 0));
    await page.evaluate((id) => {
      setTimeout(async () => {
        await window.strataE2E.prepareRename(id, "Later");
        await window.strataE2E.commitRename();
      }, 300);
    }, id);
    const renamed = await db.waitForEvent(`user-${id}`, "Renamed", {
      data: { firstName: "Later" },
    });
    expect(renamed).toMatchObject({ position: 1, type: "Renamed", data: { firstName: "Later" } });
  });

  test("waitForEvent times out with what the stream, or the database, holds", async ({
    page,
  }, info) => {
    const name = database(info.title);
    const db = pageDatabase(page, { databaseName: name });
    await db.seed("user-1", [Registered({ email: "one@example.com" })]);
    await open(page, name);
    await expect(db.waitForEvent("user-1", "Renamed", { timeout: 200 })).rejects.toThrow(
      `Timed out after 200 ms waiting for a "Renamed" event on stream user-1 in IndexedDB database "${name}". The stream holds 1 message:\n  user-1@0 Registered {"email":"one@example.com"}`,
    );
    await expect(
      db.waitForEvent("user-2", "Registered", { timeout: 100, data: { email: "x" } }),
    ).rejects.toThrow(
      `Timed out after 100 ms waiting for a "Registered" event with data matching {"email":"x"} on stream user-2 in IndexedDB database "${name}". The stream has no messages. The database holds 1 stream: user-1 (1 message).`,
    );
    const missing = pageDatabase(page, { databaseName: `${name}-missing` });
    await expect(missing.waitForEvent("user-1", "Registered", { timeout: 100 })).rejects.toThrow(
      `The stream has no messages: the database does not exist in ${new URL(page.url()).origin}`,
    );
    // Reading a database that does not exist does not create it.
    const names = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(names).toContain(name);
    expect(names).not.toContain(`${name}-missing`);
  });

  test("append into a loaded page: the app's subscribers hear it", async ({ page }, info) => {
    const name = database(info.title);
    const db = pageDatabase(page, { databaseName: name });
    await open(page, name);
    await page.evaluate(() => window.strataE2E.subscribe());
    const { from, to } = await db.append("user-live", [
      Registered({ email: "live@example.com" }),
      Renamed({ firstName: "Live" }),
    ]);
    expect([from, to]).toEqual([1, 2]);
    await expect
      .poll(() => page.evaluate(() => window.strataE2E.heard()))
      .toEqual(["user-live@0", "user-live@1"]);
    expect((await page.evaluate(() => window.strataE2E.load("live"))).state).toMatchObject({
      firstName: "Live",
    });
  });

  test("a seed the database refuses fails the next read with the reason", async ({
    page,
  }, info) => {
    const name = database(info.title);
    await open(page, name);
    // A database at an older IndexedDB version than the store's: seeding must not upgrade it.
    await page.evaluate(
      (name) =>
        new Promise<void>((resolve) => {
          const request = indexedDB.open(name, 1);
          request.onsuccess = () => {
            request.result.close();
            resolve();
          };
        }),
      name,
    );
    const db = pageDatabase(page, { databaseName: name });
    await db.seed("user-1", [Registered({ email: "old@example.com" })]);
    await page.reload();
    await expect(db.readStream("user-1")).rejects.toThrow(
      `strata-es/playwright could not write to IndexedDB database "${name}" in ${new URL(page.url()).origin}: it is at IndexedDB version 1, older than the store's 10; let the app open it first, or seed a new database.`,
    );
  });

  test("a database must be named; reading before the page has an origin says to navigate first", async ({
    page,
  }) => {
    expect(() => pageDatabase(page, { databaseName: "" })).toThrow(
      'pageDatabase(page, { databaseName }) needs the name of the IndexedDB database the app\'s store uses, e.g. { databaseName: "my-app" }.',
    );
    await expect(pageDatabase(page, { databaseName: "app" }).readStream("user-1")).rejects.toThrow(
      'strata-es/playwright cannot read IndexedDB database "app": the page has no origin yet (about:blank); open the app with page.goto first.',
    );
  });

  test("matchers retry until the event appears, and say what is there when it does not", async ({
    page,
  }, info) => {
    const name = database(info.title);
    const db = pageDatabase(page, { databaseName: name });
    await db.seed("user-m", [Registered({ email: "m@example.com" })]);
    await open(page, name);
    await expect(db.stream("user-m")).toHaveEvent("Registered", {
      data: { email: "m@example.com" },
    });
    await expect(db.stream("user-m")).not.toHaveEvent("Renamed");
    await expect(db.category("user")).toHaveEventTypes(["Registered"]);
    void page.evaluate(async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await window.strataE2E.prepareRename("m", "Mo");
      await window.strataE2E.commitRename();
    });
    await expect(db.stream("user-m")).toHaveEvent("Renamed", { data: { firstName: "Mo" } });

    const failure = async (assertion: Promise<unknown>) =>
      (
        (await assertion.then(
          () => undefined,
          (e: unknown) => e,
        )) as Error | undefined
      )?.message ?? "(passed)";
    expect(
      await failure(expect(db.stream("user-m")).toHaveEvent("Deleted", { timeout: 100 })),
    ).toContain(
      `Expected stream user-m in IndexedDB database "${name}" to have a "Deleted" event (waited 100 ms). The stream holds 2 messages:\n  user-m@0 Registered {"email":"m@example.com"}\n  user-m@1 Renamed {"firstName":"Mo"}`,
    );
    expect(
      await failure(expect(db.stream("user-m")).not.toHaveEvent("Renamed", { timeout: 100 })),
    ).toContain(
      `Expected stream user-m in IndexedDB database "${name}" not to have a "Renamed" event (waited 100 ms), but user-m@1 is one.`,
    );
    expect(
      await failure(expect(db.category("user")).toHaveEventTypes(["Registered"], { timeout: 100 })),
    ).toContain(
      `Expected category user in IndexedDB database "${name}" to have the event types ["Registered"] (waited 100 ms), got ["Registered","Renamed"].`,
    );
  });
});
