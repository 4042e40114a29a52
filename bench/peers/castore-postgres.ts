import { randomUUID } from "node:crypto";
import { PostgresEventStorageAdapter } from "@castore/event-storage-adapter-postgres";
import { castoreCommandsOn, userEventStore, verifyCastore } from "./castore.js";
import type { ClosableVariant } from "./emmett-postgres.js";

/** The adapter's `postgres` client: the adapter has no close of its own, and an open client keeps Node alive. */
const clientOf = (adapter: PostgresEventStorageAdapter) =>
  (adapter as unknown as { _sql: { end(): Promise<void> } })._sql;

/**
 * `n` commands on a new aggregate per run, through Castore's Postgres adapter (the same command
 * as in memory). Each command re-reads every event of the aggregate: no snapshots, no cache.
 */
export function castorePostgresCommands(n: number, databaseUrl: string): ClosableVariant {
  let adapter: PostgresEventStorageAdapter | undefined;
  const open = async () => {
    if (!adapter) {
      await PostgresEventStorageAdapter.createEventTable({ connectionString: databaseUrl });
      adapter = new PostgresEventStorageAdapter({ connectionString: databaseUrl });
    }
    return adapter;
  };
  type Prepared = { store: ReturnType<typeof userEventStore>; id: string };
  return {
    name: "Castore 2.4 (Postgres adapter)",
    setup: async (): Promise<Prepared> => ({
      store: userEventStore(await open()),
      id: randomUUID(),
    }),
    run: (prepared) => {
      const { store, id } = prepared as Prepared;
      return castoreCommandsOn(store, n, id);
    },
    teardown: (prepared) => {
      const { store, id } = prepared as Prepared;
      return verifyCastore(store, n, id);
    },
    close: async () => {
      if (adapter) await clientOf(adapter).end();
      adapter = undefined;
    },
  };
}
