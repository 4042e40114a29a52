/**
 * MessageDB workloads, on the Postgres server of STRATA_BENCH_DATABASE_URL /
 * STRATA_TEST_DATABASE_URL (in a scratch database), else on embedded PGlite:
 * - N sequential commands on one aggregate: Strata vs raw `write_message` with expected version,
 *   as a prepared statement on one connection (the floor any MessageDB client pays);
 * - rehydrate an aggregate of N events: from a snapshot, by full replay, and raw
 *   `get_stream_messages` plus the same fold;
 * - a unit of work of 100 events: one Strata add vs 100 autocommit `write_message` calls.
 *
 * Alone: `npx tsx bench/messagedb.ts [--quick]`. From the runner: `messageDbWorkloads(options)`.
 */
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { identityDomain } from "../adapters/conformance/identity-fixture.js";
import { installMessageDb, MessageDBEventStore } from "../adapters/messagedb/index.js";
import { uuid } from "../core/index.js";
import { formatTable, type Row, runWorkload, type Variant, type Workload } from "./harness.js";
import { assertUser, EMAIL, initialUser, nameAt } from "./model.js";
import { createScratchDatabase } from "./peers/scratch-database.js";

export interface MessageDbBenchOptions {
  quick: boolean;
  /** A Postgres server to bench on; default: the environment's, else embedded PGlite. */
  databaseUrl?: string;
  note?: (text: string) => void;
}

type Raw = (text: string, values: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

interface Target {
  name: string;
  store: MessageDBEventStore;
  /** One connection, as a tuned MessageDB client would keep. */
  raw: Raw;
  close: () => Promise<void>;
}

/** One raw MessageDB write: the statement another client sends per message. */
const WRITE = "SELECT message_store.write_message($1, $2, $3, $4::jsonb, NULL, $5)";
/** What a MessageDB client reads: every column of `get_stream_messages`. */
const READ = "SELECT * FROM message_store.get_stream_messages($1::varchar, $2::bigint, 1000)";
/** The cheapest MessageDB read: the floor a snapshot load is compared with. */
const STREAM_VERSION = "SELECT message_store.stream_version($1::varchar) AS version";
/** A hand-tuned reader: only the columns a fold needs. */
const READ_FOLD_COLUMNS =
  "SELECT position, type, data FROM message_store.get_stream_messages($1::varchar, $2::bigint, 1000)";

const statementNames = new Map<string, string>();
const statementName = (text: string): string => {
  let name = statementNames.get(text);
  if (!name) {
    name = `raw_${statementNames.size}`;
    statementNames.set(text, name);
  }
  return name;
};

async function openTarget(databaseUrl: string | undefined): Promise<Target> {
  if (databaseUrl) {
    const db = await createScratchDatabase(databaseUrl);
    await installMessageDb(db.url);
    const store = new MessageDBEventStore({ databaseUri: db.url });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    return {
      name: "PostgreSQL",
      store,
      // Prepared once per statement, as Strata's store does: the floor, not a handicap.
      raw: (text, values) => client.query({ name: statementName(text), text, values }),
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
    raw: (text, values) => pglite.query(text, values) as ReturnType<Raw>,
    close: () => pglite.close(),
  };
}

const quiet = { warn() {} };

function commandVariants(target: Target, n: number): Variant[] {
  const noCache = identityDomain(target.store, { logger: quiet, cache: false });
  const cached = identityDomain(target.store, { logger: quiet });
  const rawWrites: Variant = {
    name: "raw write_message",
    setup: () => `rawUser-${uuid()}`,
    run: async (stream) => {
      await target.raw(WRITE, [uuid(), stream, "Registered", JSON.stringify({ email: EMAIL }), -1]);
      for (let i = 1; i < n; i++) {
        const data = JSON.stringify({ firstName: nameAt(i) });
        await target.raw(WRITE, [uuid(), stream, "Renamed", data, i - 1]);
      }
    },
  };
  const commands = (name: string, domain: typeof cached, useTransact: boolean): Variant => ({
    name,
    run: async () => {
      const { User, users } = domain;
      const user = User.register(EMAIL);
      await users.add(user);
      for (let i = 1; i < n; i++) {
        if (useTransact) {
          await users.transact(user.id, (u) => u.rename(nameAt(i)));
        } else {
          const loaded = await users.get(user.id);
          loaded.rename(nameAt(i));
          await users.add(loaded);
        }
      }
    },
  });
  return [
    rawWrites,
    commands("Strata transact (default: snapshots + cache)", cached, true),
    commands("Strata get+raise+add, no cache", noCache, false),
  ];
}

/** Raw rehydration: page through get_stream_messages, parse, and fold as the hand-written limit does. */
async function rawRehydrate(raw: Raw, stream: string, read = READ) {
  const state = initialUser();
  let position = 0;
  for (;;) {
    const { rows } = await raw(read, [stream, position]);
    for (const row of rows) {
      const data = JSON.parse(row.data as string) as Record<string, string>;
      if (row.type === "Registered") state.email = data.email as string;
      else {
        state.firstName = data.firstName;
        state.renames += 1;
      }
    }
    if (rows.length < 1000) return state;
    position = Number(rows[rows.length - 1]?.position) + 1;
  }
}

async function rehydrateWorkload(target: Target, n: number, rounds: number): Promise<Workload> {
  const replay = identityDomain(target.store, {
    logger: quiet,
    cache: false,
    snapshotThreshold: Number.POSITIVE_INFINITY,
  });
  const snapshotted = identityDomain(target.store, { logger: quiet, cache: false });
  // One stream, written once; a second stream in the snapshotted domain shaped as commits leave
  // it (a snapshot, then a short tail).
  const user = replay.User.register(EMAIL);
  for (let i = 1; i < n; i++) user.rename(nameAt(i));
  await replay.users.add(user);
  const withSnapshot = snapshotted.User.register(EMAIL);
  for (let i = 1; i < n - 5; i++) withSnapshot.rename(nameAt(i));
  await snapshotted.users.add(withSnapshot);
  for (let i = n - 5; i < n; i++) withSnapshot.rename(nameAt(i));
  await snapshotted.users.add(withSnapshot);
  const stream = `user-${user.id}`;
  return {
    name: `MessageDB rehydrate N=${n.toLocaleString("en-US")} on ${target.name}`,
    baseline: "raw get_stream_messages + fold",
    rounds,
    warmupRounds: 1,
    variants: [
      {
        name: "raw get_stream_messages + fold",
        run: async () => assertUser(await rawRehydrate(target.raw, stream), n, "raw"),
      },
      {
        name: "raw get_stream_messages (3 columns) + fold",
        run: async () =>
          assertUser(await rawRehydrate(target.raw, stream, READ_FOLD_COLUMNS), n, "raw columns"),
      },
      {
        name: "Strata get, full replay",
        run: async () => assertUser(await replay.users.get(user.id), n, "Strata replay"),
      },
      {
        name: "Strata get, snapshot + tail",
        run: async () =>
          assertUser(await snapshotted.users.get(withSnapshot.id), n, "Strata snapshot"),
      },
      {
        // The floor of any load: one statement that reads almost nothing.
        name: "raw round trip (stream_version)",
        run: () => target.raw(STREAM_VERSION, [stream]),
      },
    ],
  };
}

function unitOfWorkWorkload(target: Target, rounds: number): Workload {
  const { User, users } = identityDomain(target.store, { logger: quiet });
  const events = 100;
  return {
    name: `MessageDB unit of work of ${events} events on ${target.name}`,
    baseline: "Strata one add",
    rounds,
    warmupRounds: 1,
    variants: [
      {
        name: "Strata one add",
        run: async () => {
          const user = User.register(EMAIL);
          for (let i = 1; i < events; i++) user.rename(nameAt(i));
          await users.add(user);
        },
      },
      {
        name: "100 autocommit write_message",
        setup: () => `rawUser-${uuid()}`,
        run: async (stream) => {
          await target.raw(WRITE, [
            uuid(),
            stream,
            "Registered",
            JSON.stringify({ email: EMAIL }),
            -1,
          ]);
          for (let i = 1; i < events; i++) {
            const data = JSON.stringify({ firstName: nameAt(i) });
            await target.raw(WRITE, [uuid(), stream, "Renamed", data, i - 1]);
          }
        },
      },
    ],
  };
}

/** The workloads; `dispose` of the last one closes the database. */
export async function messageDbWorkloads({
  quick,
  databaseUrl = process.env.STRATA_BENCH_DATABASE_URL ?? process.env.STRATA_TEST_DATABASE_URL,
  note,
}: MessageDbBenchOptions): Promise<Workload[]> {
  const target = await openTarget(databaseUrl);
  const sizes = quick ? [1_000] : [1_000, 10_000];
  note?.(
    `MessageDB on ${target.name}: commands at N=${sizes.join(", ")} (one aggregate, snapshot every 10).`,
  );
  const workloads: Workload[] = [];
  for (const n of sizes) {
    workloads.push({
      name: `MessageDB commands N=${n.toLocaleString("en-US")} on ${target.name}`,
      baseline: "raw write_message",
      variants: commandVariants(target, n),
      rounds: quick || n > 1_000 ? 1 : 3,
    });
  }
  for (const n of sizes) workloads.push(await rehydrateWorkload(target, n, quick ? 5 : 15));
  workloads.push(unitOfWorkWorkload(target, quick ? 5 : 15));
  const last = workloads[workloads.length - 1] as Workload;
  last.dispose = () => target.close();
  return workloads;
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
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
