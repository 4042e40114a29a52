// MessageDB on PGlite persisted in IndexedDB against Strata's IndexedDB (Dexie) store, in one
// Chromium page: cold start (a fresh database and a reopened one, up to the first add or get),
// appends and a full load. The ratios are to the IndexedDB store.
import { PGlite } from "@electric-sql/pglite";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { IndexedDBEventStore } from "../../adapters/indexeddb/index.js";
import { MessageDBEventStore } from "../../adapters/messagedb/index.js";
import { uuid } from "../../core/index.js";
import type { EventStore } from "../../core/store-kit.js";
import type { Variant, Workload } from "../harness.js";
import { assertUser, EMAIL, nameAt } from "../model.js";

const IDB = "Strata IndexedDB store (Dexie)";
const PGLITE = "Strata MessageDB store on PGlite (idb://)";
const RELAXED = "Strata MessageDB store on PGlite (idb://, relaxedDurability)";
const quiet = { warn() {}, info() {}, error() {}, debug() {} };

interface Opened {
  store: EventStore;
  close: () => Promise<void>;
}

const databases: string[] = [];

async function open(kind: string, name: string): Promise<Opened> {
  if (kind === IDB) {
    const store = new IndexedDBEventStore({ databaseName: name });
    return { store, close: () => store.close() };
  }
  const pglite = await PGlite.create(`idb://${name}`, { relaxedDurability: kind === RELAXED });
  const store = new MessageDBEventStore({ pglite });
  return {
    store,
    close: async () => {
      await store.close();
      await pglite.close();
    },
  };
}

/** Deletes every IndexedDB database the workloads made (PGlite's are named `/pglite/<name>`). */
export async function dropBenchDatabases(): Promise<void> {
  for (const name of databases.splice(0)) {
    for (const db of [name, `/pglite/${name}`]) {
      await new Promise((resolve) => {
        const request = indexedDB.deleteDatabase(db);
        request.onsuccess = request.onerror = request.onblocked = () => resolve(undefined);
      });
    }
  }
}

const fresh = () => {
  const name = `bench-${uuid()}`;
  databases.push(name);
  return name;
};

/** Registers a user and renames it `n - 1` times in adds of `perAdd` events. */
async function write(store: EventStore, n: number, perAdd: number) {
  const { User, users } = identityDomain(store, {
    logger: quiet,
    cache: false,
    snapshotThreshold: Number.POSITIVE_INFINITY,
  });
  const user = User.register(EMAIL);
  for (let i = 1; i < n; i++) {
    user.rename(nameAt(i));
    if (i % perAdd === 0) await users.add(user);
  }
  await users.add(user);
  return user.id;
}

function coldStart(kind: string): Variant {
  return {
    name: kind,
    setup: fresh,
    run: async (name) => {
      const { store, close } = await open(kind, name as string);
      await write(store, 1, 1);
      await close();
    },
  };
}

function reopen(kind: string): Variant {
  return {
    name: kind,
    setup: async () => {
      const name = fresh();
      const { store, close } = await open(kind, name);
      const id = await write(store, 10, 10);
      await close();
      return { name, id };
    },
    run: async (prepared) => {
      const { name, id } = prepared as { name: string; id: string };
      const { store, close } = await open(kind, name);
      const { users } = identityDomain(store, { logger: quiet, cache: false });
      assertUser(await users.get(id), 10, kind);
      await close();
    },
  };
}

function appends(kind: string, n: number, perAdd: number): Variant {
  return {
    name: kind,
    setup: async () => open(kind, fresh()),
    run: async (opened) => write((opened as Opened).store, n, perAdd),
    teardown: (opened) => (opened as Opened).close(),
  };
}

function load(kind: string, n: number): Variant {
  let seeded: Promise<Opened & { id: string }> | undefined;
  return {
    name: kind,
    setup: () => {
      seeded ??= open(kind, fresh()).then(async (o) => ({
        ...o,
        id: await write(o.store, n, 100),
      }));
      return seeded;
    },
    run: async (prepared) => {
      const { store, id } = prepared as Opened & { id: string };
      const { users } = identityDomain(store, {
        logger: quiet,
        cache: false,
        snapshotThreshold: Number.POSITIVE_INFINITY,
      });
      assertUser(await users.get(id), n, kind);
    },
  };
}

export function pgliteBrowserWorkloads({ quick }: { quick: boolean }): Workload[] {
  const rounds = quick ? 3 : 7;
  const both = [IDB, PGLITE];
  return [
    {
      name: "browser cold start: new database to first add",
      baseline: IDB,
      variants: both.map(coldStart),
      rounds,
    },
    {
      name: "browser reopen: existing database to first get",
      baseline: IDB,
      variants: both.map(reopen),
      rounds,
    },
    {
      name: "browser append 1,000 events, 100 adds of 10",
      baseline: IDB,
      variants: [...both, RELAXED].map((kind) => appends(kind, 1_000, 10)),
      rounds,
    },
    {
      name: "browser load 1,000 events (full replay)",
      baseline: IDB,
      variants: both.map((kind) => load(kind, 1_000)),
      rounds: rounds * 2,
      warmupRounds: 1,
    },
  ];
}
