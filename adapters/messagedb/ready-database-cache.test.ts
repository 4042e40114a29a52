import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MessageDBEventStore } from "./messagedb-event-store.js";
import { ReadyDatabaseCache } from "./ready-database-cache.js";

async function appendAndRead(store: MessageDBEventStore) {
  const id = crypto.randomUUID();
  await store.append([
    {
      streamName: "cached-1",
      messages: [{ id, type: "Cached", data: { n: 1 } }],
      expectedVersion: -1,
    },
  ]);
  expect((await store.readStream("cached-1")).map((m) => m.id)).toEqual([id]);
  expect(await store.streamVersion("cached-1")).toBe(0);
}

describe("the ready-database cache of in-memory embedded stores", { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "strata-ready-db-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("writes a ready database once, and later stores (here and in another process) start from it", async () => {
    const first = new MessageDBEventStore({ pgliteCache: dir });
    await appendAndRead(first);
    await first.close();
    const cache = await ReadyDatabaseCache.open(dir);
    expect(cache.file).toMatch(/messagedb-1\.3\.\d+-pglite-[\d.]+\.tar\.gz$/);
    const written = await stat(cache.file);
    expect(written.size).toBeGreaterThan(100_000);

    // A second store starts empty (the cache holds MessageDB, never anyone's events).
    const second = new MessageDBEventStore({ pgliteCache: dir });
    expect(await second.streamVersion("cached-1")).toBe(-1);
    await appendAndRead(second);
    await second.close();
    expect((await stat(cache.file)).mtimeMs).toBe(written.mtimeMs);

    const root = fileURLToPath(new URL("../../", import.meta.url));
    const { stdout } = await promisify(execFile)(
      "npx",
      ["tsx", "adapters/messagedb/fixtures/embedded-append.ts"],
      { cwd: root, env: { ...process.env, STRATA_PGLITE_CACHE_DIR: dir }, timeout: 90_000 },
    );
    const result = JSON.parse(stdout.trim().split("\n").at(-1) as string);
    expect(result.ids).toEqual([result.expected]);
    expect(await readdir(dir)).toEqual([cache.file.slice(dir.length + 1)]);
  });

  it("discards a corrupt ready database and builds a fresh one", async () => {
    const cache = await ReadyDatabaseCache.open(dir);
    await writeFile(cache.file, "not a tarball");
    const store = new MessageDBEventStore({ pgliteCache: dir });
    await appendAndRead(store);
    await store.close();
    expect((await stat(cache.file)).size).toBeGreaterThan(100_000);
  });

  it("runs initdb and the install every time with pgliteCache: false, writing nothing", async () => {
    const empty = await mkdtemp(join(tmpdir(), "strata-no-cache-"));
    const saved = process.env.STRATA_PGLITE_CACHE_DIR;
    process.env.STRATA_PGLITE_CACHE_DIR = empty;
    try {
      const store = new MessageDBEventStore({ pgliteCache: false });
      await appendAndRead(store);
      await store.close();
      expect(await readdir(empty)).toEqual([]);
      // The same directory with the cache on does get the ready database.
      const cached = new MessageDBEventStore();
      await appendAndRead(cached);
      await cached.close();
      expect(await readdir(empty)).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env.STRATA_PGLITE_CACHE_DIR;
      else process.env.STRATA_PGLITE_CACHE_DIR = saved;
      await rm(empty, { recursive: true, force: true });
    }
  });
});
