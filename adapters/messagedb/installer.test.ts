import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../core/store-kit.js";
import { installMessageDb, messageDbVersion } from "./installer.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";
import { messageDbSqlFolder } from "./node-sql-source.js";
import { createTestDatabase, serverUrl } from "./test-database.js";

const pinnedFunctions = `SELECT count(*)::int AS total,
  count(*) FILTER (WHERE 'search_path=message_store, public' = ANY(p.proconfig))::int AS pinned
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'message_store'`;

describe("installMessageDb on PGlite", () => {
  let pglite: PGlite;
  beforeAll(async () => {
    pglite = await PGlite.create();
  });
  afterAll(() => pglite.close());

  it("finds the official SQL in the @eventide/message-db package", () => {
    expect(messageDbSqlFolder()).toMatch(/@eventide[/\\]message-db[/\\]database$/);
  });

  it("tells the user to run the installer when the schema is missing and auto-install is off", async () => {
    const store = new MessageDBEventStore({ pglite, installSchema: false });
    const error = await store.streamVersion("user-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/MessageDB schema is not installed.*installMessageDb/);
  });

  it("reports no version before, installs without pgcrypto, reports 1.3.0, and is safe to run twice", async () => {
    expect(await messageDbVersion({ pglite })).toBeNull();
    const first = await installMessageDb({ pglite });
    expect(first).toMatchObject({ version: "1.3.0", installed: true });
    expect(first.files).not.toContain("extensions/pgcrypto.sql");
    expect(first.files).toContain("functions/write-message.sql");
    const second = await installMessageDb({ pglite });
    expect(second).toMatchObject({ version: "1.3.0", installed: false });
    expect(second.files).toEqual(["schema/message-store.sql"]);
    expect(await messageDbVersion({ pglite })).toBe("1.3.0");
  });

  it("pins search_path on every MessageDB function, so sessions without it can call them", async () => {
    const [row] = (await pglite.query<{ total: number; pinned: number }>(pinnedFunctions)).rows;
    expect(row?.total).toBeGreaterThanOrEqual(12);
    expect(row?.pinned).toBe(row?.total);
    await pglite.exec("SET search_path = public");
    const written = await pglite.query<{ position: string | number }>(
      "SELECT message_store.write_message(gen_random_uuid()::varchar, 'probe-1', 'Probed', '{}'::jsonb) AS position",
    );
    expect(Number(written.rows[0]?.position)).toBe(0);
  });
});

describe.skipIf(!serverUrl)("installMessageDb on the PostgreSQL server", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase(serverUrl as string);
  });
  afterAll(() => db?.drop());

  it("refuses a store on a database without MessageDB, naming the installer command", async () => {
    const store = new MessageDBEventStore({ databaseUri: db.url });
    const error = await store.lastMessage("user-1").catch((e: unknown) => e);
    await store.close();
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain(db.name);
    expect((error as Error).message).toContain("npx strata-es messagedb install --database-url");
  });

  it("installs with pgcrypto, twice without harm, and works for a session without search_path", async () => {
    expect(await messageDbVersion(db.url)).toBeNull();
    const first = await installMessageDb(db.url);
    expect(first).toMatchObject({ version: "1.3.0", installed: true });
    expect(first.files).toContain("extensions/pgcrypto.sql");
    expect(first.database).toContain(db.name);
    const [second, third] = await Promise.all([
      installMessageDb(db.url),
      installMessageDb({ databaseUri: db.url }),
    ]);
    expect(second?.installed).toBe(false);
    expect(third?.installed).toBe(false);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(pinnedFunctions);
      expect(rows[0].pinned).toBe(rows[0].total);
      await client.query("SET search_path = public");
      const written = await client.query(
        "SELECT message_store.write_message(gen_random_uuid()::varchar, 'probe-1', 'Probed', '{}'::jsonb) AS position",
      );
      expect(written.rows[0].position).toBe("0");
    } finally {
      await client.end();
    }
  });

  it("adopts an install whose functions lack search_path (as install.sh leaves them): refused, then fixed by the installer", async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    try {
      await pool.query(`DO $$ DECLARE f regprocedure; BEGIN
        FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = 'message_store' LOOP
          EXECUTE format('ALTER FUNCTION %s RESET search_path', f);
        END LOOP; END $$`);
      const refused = new MessageDBEventStore({ pool });
      await expect(refused.ready()).rejects.toThrow(/search_path lacks message_store.*installer/);
      await installMessageDb(db.url);
      const store = new MessageDBEventStore({ pool });
      await store.append([
        {
          streamName: "probe-2",
          messages: [{ id: crypto.randomUUID(), type: "P", data: {} }],
          expectedVersion: -1,
        },
      ]);
      expect(await store.streamVersion("probe-2")).toBe(0);
      await store.close();
      expect((await pool.query("SELECT 1 AS one")).rows[0].one).toBe(1);
    } finally {
      await pool.end();
    }
  });
});
