import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../core/index.js";
import { freshCategory, message } from "../conformance/event-store-conformance.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";
import { installedTestDatabase, serverUrl } from "./test-database.js";

describe.skipIf(!serverUrl)("close() on the PostgreSQL server", () => {
  const db = installedTestDatabase();
  let admin: pg.Client;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
  });

  it("waits for appends in flight (more than the pool holds) and every one of them settles", async () => {
    const store = new MessageDBEventStore({ databaseUri: db.url });
    await store.ready();
    const category = freshCategory("close");
    // 40 appends on a pool of 10: most wait in pg-pool's queue when close() is called.
    const appends = Array.from({ length: 40 }, (_, i) =>
      store.append([
        { streamName: `${category}-${i}`, messages: [message("A")], expectedVersion: -1 },
      ]),
    );
    await store.close();
    const outcomes = await Promise.allSettled(appends);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(outcome.reason).toBeInstanceOf(StoreError);
    }
    const fulfilled = outcomes.filter((o) => o.status === "fulfilled").length;
    expect(fulfilled).toBe(40);
    const { rows } = await admin.query(
      "SELECT count(*)::int AS n FROM message_store.messages WHERE stream_name LIKE $1",
      [`${category}-%`],
    );
    expect(rows[0].n).toBe(fulfilled);
    await expect(store.readStream(`${category}-0`)).rejects.toThrow(/closed/);
  });

  it("fails a call stuck past closeTimeoutMs with StoreError instead of leaving it hanging", async () => {
    const store = new MessageDBEventStore({ databaseUri: db.url, closeTimeoutMs: 300 });
    await store.ready();
    const category = freshCategory("stuck");
    // write_message takes this category's advisory lock: hold it so the append cannot finish.
    await admin.query("SELECT pg_advisory_lock(message_store.hash_64($1))", [category]);
    try {
      const stuck = store
        .append([{ streamName: `${category}-1`, messages: [message("A")], expectedVersion: -1 }])
        .catch((e: unknown) => e);
      await expect
        .poll(
          async () =>
            (
              await admin.query(
                "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event = 'advisory'",
                [db.name],
              )
            ).rows[0].n,
        )
        .toBe(1);
      const started = performance.now();
      await store.close();
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(250);
      const error = await stuck;
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).message).toMatch(/closed while this call was still running/);
      expect((error as StoreError).retryable).toBe(false);
    } finally {
      await admin.query("SELECT pg_advisory_unlock(message_store.hash_64($1))", [category]);
    }
  });

  it("a second close() waits for the same shutdown", async () => {
    const store = new MessageDBEventStore({ databaseUri: db.url });
    await store.ready();
    const read = store.streamVersion(`${freshCategory()}-1`);
    await Promise.all([store.close(), store.close()]);
    expect(await read).toBe(-1);
  });
});
