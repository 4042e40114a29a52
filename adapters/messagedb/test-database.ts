import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { uuid } from "../../core/index.js";
import { installMessageDb } from "./installer.js";

/** The real server CI provides; real-server tests are skipped only when it is unset. */
export const serverUrl = process.env.STRATA_TEST_DATABASE_URL;

/** The URL of another database on the same server. */
export function databaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Creates a database of its own on the test server (`strata_test_<random>`) and drops it
 * afterwards, so tests never touch anyone else's data.
 *
 * @example
 * const db = await createTestDatabase(serverUrl); ...; await db.drop();
 */
export async function createTestDatabase(base: string) {
  const name = `strata_test_${uuid().replaceAll("-", "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(base, name),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * For a `describe` block on the test server: a database of its own with MessageDB installed,
 * made before the block's tests and dropped after them (after the block's own afterAll hooks).
 *
 * @example
 * const db = installedTestDatabase();
 * beforeAll(() => { store = new MessageDBEventStore({ databaseUri: db.url }); });
 */
export function installedTestDatabase(): { readonly url: string; readonly name: string } {
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(serverUrl as string);
    await installMessageDb(db.url);
  });
  afterAll(async () => {
    await db?.drop();
  });
  const made = () => {
    if (!db) throw new Error("installedTestDatabase: the database is made in beforeAll");
    return db;
  };
  return {
    get url() {
      return made().url;
    },
    get name() {
      return made().name;
    },
  };
}
