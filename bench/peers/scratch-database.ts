import { randomBytes } from "node:crypto";
import pg from "pg";

/** Where the Postgres workloads connect: the bench's own URL, the tests' one, or local trust auth. */
export const postgresUrl = (): string =>
  process.env.STRATA_BENCH_DATABASE_URL ??
  process.env.STRATA_TEST_DATABASE_URL ??
  "postgresql://postgres@127.0.0.1:5432/postgres";

export interface ScratchDatabase {
  /** The URL of the new, empty database. */
  url: string;
  /** Drops it, closing whatever connections are left (FORCE, PostgreSQL 13+). */
  drop(): Promise<void>;
}

async function admin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates `strata_bench_<random>` on the server of `serverUrl`, so a run never touches existing
 * data and leaves nothing behind.
 */
export async function createScratchDatabase(serverUrl = postgresUrl()): Promise<ScratchDatabase> {
  const name = `strata_bench_${randomBytes(4).toString("hex")}`;
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
