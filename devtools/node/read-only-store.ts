import type { ConnectionOptions } from "../../adapters/messagedb/connection-options.js";
import { MessageDBEventStore } from "../../adapters/messagedb/messagedb-event-store.js";
import { describeDatabaseUri } from "../../adapters/messagedb/open-sql-client.js";
import { ConfigurationError } from "../../core/index.js";

/** A store the bridge reads through, and how to name its database without credentials. */
export interface ReadOnlyStore {
  readonly store: MessageDBEventStore;
  /** `postgresql://user@host:5432/db` or `PGlite (dir)`: never the password. */
  readonly database: string;
  close(): Promise<void>;
}

/**
 * Opens a MessageDB store whose sessions refuse writes (`default_transaction_read_only`), so even a
 * bug in the bridge cannot write: the database says no.
 *
 * @example
 * const { store, database, close } = await openReadOnlyStore({ databaseUri: process.env.DATABASE_URL });
 */
export async function openReadOnlyStore(where: ConnectionOptions): Promise<ReadOnlyStore> {
  if (where.databaseUri) {
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({
      connectionString: where.databaseUri,
      max: 4,
      options: "-c search_path=message_store,public -c default_transaction_read_only=on",
    });
    pool.on("error", () => {});
    const store = new MessageDBEventStore({ pool, installSchema: false });
    try {
      await store.ready();
    } catch (error) {
      await pool.end().catch(() => {});
      throw error;
    }
    return {
      store,
      database: describeDatabaseUri(where.databaseUri),
      close: async () => {
        await store.close();
        await pool.end();
      },
    };
  }
  if (where.dataDir) {
    const { PGlite } = await import("@electric-sql/pglite");
    const pglite = await PGlite.create(where.dataDir);
    await pglite.exec("SET default_transaction_read_only = on");
    const store = new MessageDBEventStore({ pglite, installSchema: false });
    await store.ready();
    return {
      store,
      database: `PGlite (${where.dataDir})`,
      close: async () => {
        await store.close();
        await pglite.close();
      },
    };
  }
  throw new ConfigurationError("openReadOnlyStore: give databaseUri or dataDir.");
}
