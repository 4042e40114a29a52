/**
 * MessageDB benchmark: N sequential commands on one aggregate through Strata's Domain (get,
 * raise, add; default snapshot threshold 10) against N raw `write_message` calls with expected
 * version, the floor any MessageDB client pays. Runs on the Postgres server of
 * STRATA_BENCH_DATABASE_URL / STRATA_TEST_DATABASE_URL (in a scratch database), else on PGlite.
 *
 * Alone: `npx tsx bench/messagedb.ts [--quick]`. From the runner: `messageDbWorkloads(options)`.
 */
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { identityDomain } from "../adapters/conformance/identity-fixture.js";
import { installMessageDb, MessageDBEventStore } from "../adapters/messagedb/index.js";
import { uuid } from "../core/index.js";
import { formatTable, type Row, runWorkload, type Workload } from "./harness.js";
import { createScratchDatabase } from "./peers/scratch-database.js";

export interface MessageDbBenchOptions {
  quick: boolean;
  /** A Postgres server to bench on; default: the environment's, else embedded PGlite. */
  databaseUrl?: string;
  note?: (text: string) => void;
}

/** One raw MessageDB call: the statement another client sends per message. */
const WRITE = "SELECT message_store.write_message($1, $2, 'Renamed', $3::jsonb, NULL, $4)";

interface Target {
  name: string;
  store: MessageDBEventStore;
  raw: (text: string, values: unknown[]) => Promise<unknown>;
  close: () => Promise<void>;
}

async function openTarget(databaseUrl: string | undefined): Promise<Target> {
  if (databaseUrl) {
    const db = await createScratchDatabase(databaseUrl);
    await installMessageDb(db.url);
    const store = new MessageDBEventStore({ databaseUri: db.url });
    // The raw client keeps one connection, as a tuned MessageDB client would.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    return {
      name: "PostgreSQL",
      store,
      raw: (text, values) => client.query(text, values),
      close: async () => {
        await store.close();
        await client.end();
        await db.drop();
      },
    };
  }
  const pglite = await PGlite.create();
  await installMessageDb({ pglite });
  return {
    name: "PGlite",
    store: new MessageDBEventStore({ pglite }),
    raw: (text, values) => pglite.query(text, values),
    close: () => pglite.close(),
  };
}

/** The workloads; `dispose` of the last one closes the database. */
export async function messageDbWorkloads({
  quick,
  databaseUrl = process.env.STRATA_BENCH_DATABASE_URL ?? process.env.STRATA_TEST_DATABASE_URL,
  note,
}: MessageDbBenchOptions): Promise<Workload[]> {
  const n = quick ? 300 : 2_000;
  const target = await openTarget(databaseUrl);
  const { User, users } = identityDomain(target.store, { logger: { warn() {} } });
  note?.(
    `MessageDB on ${target.name}: N=${n} sequential commands, one aggregate, snapshot every 10.`,
  );

  const raw = {
    name: "raw write_message",
    setup: () => `rawUser-${uuid()}`,
    run: async (stream: unknown) => {
      for (let i = 0; i < n; i++) {
        await target.raw(WRITE, [uuid(), stream, JSON.stringify({ firstName: `n${i}` }), i - 1]);
      }
    },
  };
  const append = {
    name: "store.append per event",
    setup: () => `appendUser-${uuid()}`,
    run: async (stream: unknown) => {
      for (let i = 0; i < n; i++) {
        await target.store.append([
          {
            streamName: stream as string,
            messages: [{ id: uuid(), type: "Renamed", data: { firstName: `n${i}` } }],
            expectedVersion: i - 1,
          },
        ]);
      }
    },
  };
  const domain = {
    name: "Strata get+raise+add",
    setup: () => null,
    run: async () => {
      const user = User.register("bench@example.com");
      await users.add(user);
      for (let i = 1; i < n; i++) {
        const loaded = await users.get(user.id);
        loaded.rename(`n${i}`);
        await users.add(loaded);
      }
    },
  };
  // core's opt-in aggregate cache: a get reads only the events after the cached version.
  const cached = identityDomain(target.store, { logger: { warn() {} }, cache: true });
  const domainCached = {
    name: "Strata get+raise+add (cache: true)",
    setup: () => null,
    run: async () => {
      const user = cached.User.register("bench@example.com");
      await cached.users.add(user);
      for (let i = 1; i < n; i++) {
        const loaded = await cached.users.get(user.id);
        loaded.rename(`n${i}`);
        await cached.users.add(loaded);
      }
    },
  };
  // What a command's load costs alone: snapshot (lastMessage) + tail (readStream), no write.
  let seeded: string | undefined;
  const load = {
    name: "Strata get only",
    setup: async () => {
      if (!seeded) {
        const user = User.register("reader@example.com");
        for (let i = 0; i < 14; i++) user.rename(`r${i}`);
        await users.add(user);
        user.rename("last");
        await users.add(user);
        seeded = user.id;
      }
      return seeded;
    },
    run: async (id: unknown) => {
      for (let i = 0; i < n; i++) await users.get(id as string);
    },
  };
  return [
    {
      name: `MessageDB ${n} commands on ${target.name}`,
      baseline: raw.name,
      variants: [raw, append, load, domain, domainCached],
      rounds: quick ? 1 : 3,
      warmupRounds: quick ? 0 : 1,
      dispose: () => target.close(),
    },
  ];
}

async function main() {
  const quick = process.argv.includes("--quick");
  const notes: string[] = [];
  const rows: Row[] = [];
  for (const workload of await messageDbWorkloads({ quick, note: (t) => notes.push(t) })) {
    rows.push(...(await runWorkload(workload)));
  }
  console.log(formatTable(rows));
  for (const line of notes) console.log(`- ${line}`);
  const strata = rows.find((r) => r.variant === "Strata get+raise+add");
  if (strata)
    console.log(`\nStrata / raw write_message: ${strata.ratio.toFixed(2)}x (target <= 2x)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
