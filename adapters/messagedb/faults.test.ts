import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExpectedVersionError, StoreError } from "../../core/store-kit.js";
import { freshCategory, message } from "../conformance/event-store-conformance.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";
import { installedTestDatabase, serverUrl } from "./test-database.js";

describe.skipIf(!serverUrl)("faults on the PostgreSQL server", () => {
  const db = installedTestDatabase();
  let admin: pg.Client;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
  });

  it("a connection killed in the middle of a unit of work writes none of it and surfaces as StoreError", async () => {
    const store = new MessageDBEventStore({ databaseUri: db.url });
    const first = `${freshCategory("a")}-1`;
    const blockedCategory = freshCategory("b");
    const second = `${blockedCategory}-1`;
    // Hold the advisory lock write_message takes for the second stream's category: the unit
    // of work writes the first stream, then waits inside the second write_message.
    await admin.query("SELECT pg_advisory_lock(message_store.hash_64($1))", [blockedCategory]);
    const pending = store
      .append([
        { streamName: first, messages: [message("A"), message("A")], expectedVersion: -1 },
        { streamName: second, messages: [message("B")], expectedVersion: -1 },
      ])
      .catch((e: unknown) => e);
    const waiting = async () =>
      (
        await admin.query(
          "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event = 'advisory' AND pid <> pg_backend_pid()",
          [db.name],
        )
      ).rows[0]?.pid as number | undefined;
    await expect.poll(waiting, { timeout: 10_000 }).toBeDefined();
    await admin.query("SELECT pg_terminate_backend($1)", [await waiting()]);
    const error = await pending;
    await admin.query("SELECT pg_advisory_unlock(message_store.hash_64($1))", [blockedCategory]);

    expect(error).toBeInstanceOf(StoreError);
    expect(error).not.toBeInstanceOf(ExpectedVersionError);
    expect((error as Error).message).toContain(db.name);
    expect(await store.streamVersion(first)).toBe(-1);
    expect(await store.streamVersion(second)).toBe(-1);
    // The pool replaced the dead connection: the same unit of work now commits whole.
    await store.append([
      { streamName: first, messages: [message("A"), message("A")], expectedVersion: -1 },
      { streamName: second, messages: [message("B")], expectedVersion: -1 },
    ]);
    expect(await store.streamVersion(first)).toBe(1);
    expect(await store.streamVersion(second)).toBe(0);
    await store.close();
  });

  it("a version conflict keeps the pooled connection (no reconnect)", async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    const store = new MessageDBEventStore({ pool });
    const stream = `${freshCategory()}-1`;
    const backend = async () => (await pool.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
    try {
      await store.append([{ streamName: stream, messages: [message("A")], expectedVersion: -1 }]);
      const before = await backend();
      for (let i = 0; i < 3; i++) {
        await expect(
          store.append([{ streamName: stream, messages: [message("A")], expectedVersion: -1 }]),
        ).rejects.toBeInstanceOf(ExpectedVersionError);
      }
      expect(await backend()).toBe(before);
      expect(pool.totalCount).toBe(1);
    } finally {
      await store.close();
      await pool.end();
    }
  });
});
