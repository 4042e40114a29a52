import { randomUUID } from "node:crypto";
import {
  getPostgreSQLEventStore,
  type PostgresEventStore,
} from "@event-driven-io/emmett-postgresql";
import type { Variant } from "../harness.js";
import { emmettCommandsOn, verifyEmmett } from "./emmett.js";

/** A variant holding a connection pool: close it after its workload. */
export interface ClosableVariant extends Variant {
  close(): Promise<void>;
}

/**
 * `n` commands on a new stream per run, through Emmett's PostgreSQL store (the same
 * CommandHandler as in memory). Each command re-reads the whole stream: no snapshots, no cache.
 */
export function emmettPostgresCommands(n: number, databaseUrl: string): ClosableVariant {
  let store: PostgresEventStore | undefined;
  const open = async () => {
    if (!store) {
      store = getPostgreSQLEventStore(databaseUrl);
      await store.schema.migrate(); // schema creation is setup, not workload
    }
    return store;
  };
  type Prepared = { store: PostgresEventStore; stream: string };
  return {
    name: "Emmett 0.42 (PostgreSQL)",
    setup: async (): Promise<Prepared> => ({ store: await open(), stream: `user-${randomUUID()}` }),
    run: (prepared) => {
      const { store, stream } = prepared as Prepared;
      return emmettCommandsOn(store, n, stream);
    },
    teardown: (prepared) => {
      const { store, stream } = prepared as Prepared;
      return verifyEmmett(store, n, stream);
    },
    close: async () => {
      await store?.close();
      store = undefined;
    },
  };
}
