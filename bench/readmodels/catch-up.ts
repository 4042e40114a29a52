// Projection catch-up vs a raw loop over the same category reads, on every store in Node.
// Alone: npx tsx bench/readmodels/catch-up.ts [--quick]

import { pathToFileURL } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { IndexedDBEventStore } from "../../adapters/indexeddb/index.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import { installMessageDb, MessageDBEventStore } from "../../adapters/messagedb/index.js";
import { Domain, type EventStore, type Message, uuid } from "../../core/index.js";
import { formatTable, type Row, runWorkload, type Workload } from "../harness.js";
import { createScratchDatabase, postgresUrl } from "../peers/scratch-database.js";
import type { BenchOptions } from "../workloads/module.js";

const CATEGORY = "todo";
const BATCH = 1000;

/** The view both sides fold: totals by message type, as a dashboard would. */
interface Totals {
  readonly count: number;
  readonly added: number;
  readonly completed: number;
}
const initial: Totals = { count: 0, added: 0, completed: 0 };
const fold = (view: Totals, _data: unknown, m: Message): Totals => ({
  count: view.count + 1,
  added: view.added + (m.type === "TodoAdded" ? 1 : 0),
  completed: view.completed + (m.type === "TodoCompleted" ? 1 : 0),
});

/** `events` messages in one category: streams of 10 (one TodoAdded, then TodoCompleted). */
async function seed(store: EventStore, events: number): Promise<void> {
  const perStream = 10;
  const streamsPerAppend = 100;
  for (let s = 0; s < events / perStream; s += streamsPerAppend) {
    await store.append(
      Array.from({ length: streamsPerAppend }, (_, i) => ({
        streamName: `${CATEGORY}-${s + i}`,
        expectedVersion: null,
        messages: Array.from({ length: perStream }, (_, n) => ({
          id: uuid(),
          type: n === 0 ? "TodoAdded" : "TodoCompleted",
          data: { title: `Todo ${s + i}`, n },
        })),
      })),
    );
  }
}

/** The floor: readCategory in batches of 1000 and the same fold, nothing kept. */
async function rawLoop(store: EventStore): Promise<Totals> {
  let view = initial;
  for (let from = 1; ; ) {
    const batch = await store.readCategory(CATEGORY, {
      fromGlobalPosition: from,
      batchSize: BATCH,
    });
    for (const m of batch) view = fold(view, m.data, m);
    const last = batch[batch.length - 1];
    if (!last || batch.length < BATCH) return view;
    from = last.globalPosition + 1;
  }
}

/** A fresh projection (a name never used) caught up from the start, checkpointing per batch. */
async function projectionCatchUp(store: EventStore): Promise<Totals> {
  const projection = new Domain("bench", { eventStore: store }).projection<Totals>(
    `totals${uuid().replaceAll("-", "")}`,
    {
      version: 1,
      categories: [CATEGORY],
      initialState: initial,
      batchSize: BATCH,
      handlers: { TodoAdded: fold, TodoCompleted: fold },
    },
  );
  await projection.start();
  const view = projection.getSnapshot().view as Totals;
  await projection.stop();
  return view;
}

interface Subject {
  name: string;
  open: () => Promise<{ store: EventStore; dispose: () => Promise<unknown> }>;
}

function subjects(options: BenchOptions): Subject[] {
  return [
    {
      name: "memory",
      open: async () => {
        const store = new MemoryEventStore();
        return { store, dispose: () => store.close() };
      },
    },
    {
      name: "IndexedDB (fake-indexeddb)",
      open: async () => {
        const store = new IndexedDBEventStore({
          databaseName: `bench-${uuid()}`,
          indexedDB,
          IDBKeyRange,
        });
        return { store, dispose: () => store.close() };
      },
    },
    {
      name: "MessageDB on PGlite",
      open: async () => {
        const pglite = await PGlite.create();
        const store = new MessageDBEventStore({ pglite });
        return {
          store,
          dispose: async () => {
            await store.close();
            await pglite.close();
          },
        };
      },
    },
    {
      name: "MessageDB on PostgreSQL",
      open: async () => {
        const db = await createScratchDatabase(options.databaseUrl);
        await installMessageDb(db.url);
        const store = new MessageDBEventStore({ databaseUri: db.url });
        return {
          store,
          dispose: async () => {
            await store.close();
            await db.drop();
          },
        };
      },
    },
  ];
}

/** One workload per store: `catch-up N=100,000` with the raw loop as baseline. */
export async function catchUpWorkloads(options: BenchOptions): Promise<Workload[]> {
  const events = options.quick ? 10_000 : 100_000;
  const workloads: Workload[] = [];
  const only = process.argv.find((a) => a.startsWith("--store="))?.slice("--store=".length);
  for (const subject of subjects(options)) {
    if (only && !subject.name.includes(only)) continue;
    const { store, dispose } = await subject.open();
    const t0 = performance.now();
    await seed(store, events);
    options.note(
      `catch-up on ${subject.name}: seeding ${events} events took ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    let checked = false;
    const check = (view: Totals) => {
      if (view.count !== events)
        throw new Error(`${subject.name}: folded ${view.count} of ${events}`);
      checked = true;
    };
    workloads.push({
      name: `catch-up ${events.toLocaleString("en-US")} events, ${subject.name}`,
      baseline: "raw readCategory loop",
      rounds: options.quick ? 3 : 5,
      warmupRounds: 1,
      variants: [
        { name: "raw readCategory loop", run: async () => check(await rawLoop(store)) },
        { name: "projection catch-up", run: async () => check(await projectionCatchUp(store)) },
      ],
      dispose: async () => {
        if (!checked) throw new Error("catch-up bench checked nothing");
        await dispose();
      },
    });
  }
  return workloads;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const notes: string[] = [];
  const options: BenchOptions = {
    quick: process.argv.includes("--quick"),
    databaseUrl: postgresUrl(),
    note: (text) => notes.push(text),
  };
  const rows: Row[] = [];
  for (const workload of await catchUpWorkloads(options)) {
    process.stderr.write(`${workload.name}… `);
    const t0 = performance.now();
    rows.push(...(await runWorkload(workload)));
    process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  console.log(formatTable(rows));
  for (const r of rows.filter((r) => !r.isBaseline)) {
    console.log(
      `${r.workload}: projection at ${((1 / r.ratio) * 100).toFixed(0)}% of the raw loop's events per second`,
    );
  }
  console.log(notes.join("\n"));
}
