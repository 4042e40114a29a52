// Runs in the page (Chromium): Strata's IndexedDB store against hand-written Dexie on the same schema.
import { Dexie } from "dexie";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { IndexedDBEventStore } from "../../adapters/indexeddb/index.js";
import { defineDatabase, type NewMessageRecord } from "../../adapters/indexeddb/schema.js";
import { type NewMessage, streamName, uuid } from "../../core/store-kit.js";
import type { Workload } from "../harness.js";

const EVENTS = 10_000;
const quiet = { warn: () => {} };
const freshName = () => `bench-${uuid()}`;

/** A user with one Registered and 9,999 Renamed events pending, on a fresh database. */
function pendingUser() {
  const databaseName = freshName();
  const store = new IndexedDBEventStore({ databaseName });
  const domain = identityDomain(store, {
    snapshotThreshold: Number.POSITIVE_INFINITY,
    logger: quiet,
    // Rehydrate must read IndexedDB, not the in-process cache.
    cache: false,
  });
  const user = domain.User.register("bench@example.com");
  for (let i = 1; i < EVENTS; i++) user.rename(`Name ${i}`);
  return { databaseName, store, domain, user };
}

/** The messages core would write for `pendingUser()`: what both append variants store. */
function newMessages(): NewMessage[] {
  return Array.from({ length: EVENTS }, (_, i) => ({
    id: uuid(),
    type: i === 0 ? "Registered" : "Renamed",
    data: i === 0 ? { email: "bench@example.com" } : { firstName: `Name ${i}` },
    metadata: { schemaVersion: 1 },
  }));
}

const records = (stream: string, messages: NewMessage[]): NewMessageRecord[] => {
  const time = Date.now();
  return messages.map((m, position) => ({
    streamName: stream,
    position,
    category: "user",
    id: m.id,
    type: m.type,
    data: m.data,
    metadata: m.metadata ?? null,
    time: new Date(time),
  }));
};

async function openRaw(databaseName: string) {
  const raw = defineDatabase(databaseName, {});
  await raw.db.open();
  return raw;
}

/**
 * Databases written by the append variants. They are deleted only after the last round: a delete
 * makes Chromium compact in the background, which slowed whichever variant ran next.
 */
const written: string[] = [];
const drop = async (databaseName: string) => {
  written.push(databaseName);
};

/** Deletes every database the workloads created. */
export async function dropBenchDatabases(): Promise<void> {
  await Promise.all(written.splice(0).map((name) => Dexie.delete(name)));
}

/** One database with a 10,000-event user, read by every rehydrate variant (reads change nothing). */
async function seededDatabase() {
  const { databaseName, store, domain, user } = pendingUser();
  await domain.users.add(user);
  return {
    databaseName,
    store,
    users: domain.users,
    id: user.id,
    stream: streamName("user", user.id),
    raw: await openRaw(databaseName),
  };
}

/**
 * The IndexedDB workloads: appending and rehydrating 10,000 events with Strata, against raw Dexie
 * (one `bulkAdd` in a read-write transaction; one indexed range read by [streamName+position] and a
 * hand-written fold) on the same schema, so the ratio is Strata's own overhead. They need the
 * page's IndexedDB: Node code calls `runIndexedDbBench` (run.ts), which runs them in Chromium.
 */
export async function indexedDbPageWorkloads({ quick }: { quick: boolean }): Promise<Workload[]> {
  const rounds = quick ? 3 : 9;
  // Reads are short and noisy: more rounds for the same wall time.
  const readRounds = quick ? 5 : 25;
  const seeded = await seededDatabase();
  written.push(seeded.databaseName);
  const append: Workload = {
    name: `append ${EVENTS.toLocaleString("en")} events (IndexedDB)`,
    baseline: "raw Dexie bulkAdd",
    rounds,
    warmupRounds: 1,
    variants: [
      {
        name: "raw Dexie bulkAdd",
        setup: async () => {
          const databaseName = freshName();
          return {
            databaseName,
            ...(await openRaw(databaseName)),
            rows: records("user-1", newMessages()),
          };
        },
        run: async (p) => {
          const { db, messages, rows } = p as Awaited<ReturnType<typeof openRaw>> & {
            rows: NewMessageRecord[];
          };
          await db.transaction("rw", messages, () => messages.bulkAdd(rows));
        },
        teardown: async (p) => {
          const { db, databaseName } = p as { db: Dexie; databaseName: string };
          db.close();
          await drop(databaseName);
        },
      },
      {
        name: "Strata store.append",
        setup: async () => {
          const databaseName = freshName();
          const store = new IndexedDBEventStore({ databaseName });
          await store.streamVersion("user-1"); // opens the database outside the timing
          return { databaseName, store, messages: newMessages() };
        },
        run: async (p) => {
          const { store, messages } = p as { store: IndexedDBEventStore; messages: NewMessage[] };
          await store.append([{ streamName: "user-1", messages, expectedVersion: -1 }]);
        },
        teardown: async (p) => {
          const { store, databaseName } = p as { store: IndexedDBEventStore; databaseName: string };
          await store.close();
          await drop(databaseName);
        },
      },
      {
        name: "Strata repository.add",
        setup: async () => {
          const prepared = pendingUser();
          await prepared.store.streamVersion("user-1");
          return prepared;
        },
        run: async (p) => {
          const { domain, user } = p as ReturnType<typeof pendingUser>;
          await domain.users.add(user);
        },
        teardown: async (p) => {
          const { store, databaseName } = p as ReturnType<typeof pendingUser>;
          await store.close();
          await drop(databaseName);
        },
      },
    ],
  };
  const rehydrate: Workload = {
    name: `rehydrate ${EVENTS.toLocaleString("en")} events (IndexedDB)`,
    baseline: "raw Dexie range read + fold",
    rounds: readRounds,
    warmupRounds: 1,
    variants: [
      {
        name: "raw Dexie range read + fold",
        run: async () => {
          const rows = await seeded.raw.messages
            .where("[streamName+position]")
            .between([seeded.stream, 0], [seeded.stream, Dexie.maxKey], true, true)
            .toArray();
          let firstName: unknown;
          let renames = 0;
          for (const row of rows) {
            if (row.type === "Renamed") {
              firstName = row.data.firstName;
              renames++;
            }
          }
          if (renames !== EVENTS - 1 || firstName === undefined) throw new Error("bad fold");
        },
      },
      {
        name: "Strata store.readStream",
        run: async () => {
          const messages = await seeded.store.readStream(seeded.stream);
          if (messages.length !== EVENTS) throw new Error("short read");
        },
      },
      {
        name: "Strata repository.get",
        run: async () => {
          const user = await seeded.users.get(seeded.id);
          if (user._version !== EVENTS - 1) throw new Error("bad version");
        },
      },
    ],
  };
  // Reads first: the append workloads leave Chromium compacting what they wrote.
  return [rehydrate, append, durabilityWorkload(quick)];
}

const COMMANDS = 200;

/**
 * The cost of `durability` per command: 200 commands (`transact`: raise one event, one append in
 * its own read-write transaction) on one user, with strict (flushed to disk, Strata's default)
 * and relaxed (the OS has it, Chromium's default) durability.
 */
function durabilityWorkload(quick: boolean): Workload {
  const variant = (durability: "strict" | "relaxed") => ({
    name: `${COMMANDS} commands, durability ${durability}`,
    setup: async () => {
      const databaseName = freshName();
      const store = new IndexedDBEventStore({ databaseName, durability });
      const domain = identityDomain(store, { logger: quiet });
      const user = domain.User.register("bench@example.com");
      await domain.users.add(user);
      return { databaseName, store, domain, id: user.id };
    },
    run: async (p: unknown) => {
      const { domain, id } = p as { domain: ReturnType<typeof identityDomain>; id: string };
      for (let i = 0; i < COMMANDS; i++) await domain.users.transact(id, (u) => u.rename(`n${i}`));
    },
    teardown: async (p: unknown) => {
      const { store, databaseName } = p as { store: IndexedDBEventStore; databaseName: string };
      await store.close();
      await drop(databaseName);
    },
  });
  return {
    name: `${COMMANDS} commands, one append each (IndexedDB durability)`,
    baseline: `${COMMANDS} commands, durability strict`,
    rounds: quick ? 3 : 7,
    warmupRounds: 1,
    variants: [variant("strict"), variant("relaxed")],
  };
}
