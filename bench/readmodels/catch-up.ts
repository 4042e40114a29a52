// Projection catch-up vs a raw loop over the same category reads, on every store in Node.
// Alone: npx tsx bench/readmodels/catch-up.ts [--quick]

import { pathToFileURL } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { IndexedDBEventStore } from "../../adapters/indexeddb/index.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import { installMessageDb, MessageDBEventStore } from "../../adapters/messagedb/index.js";
import { type EventStore, uuid } from "../../core/index.js";
import type { Workload } from "../harness.js";
import { createScratchDatabase } from "../peers/scratch-database.js";
import { type BenchOptions, runModuleAlone } from "../workloads/module.js";
import { catchUpVariants, seed } from "./catch-up-work.js";

export interface Subject {
  name: string;
  open: () => Promise<{ store: EventStore; dispose: () => Promise<unknown> }>;
}

/** The stores every read-model bench runs on, in Node (IndexedDB through fake-indexeddb). */
export function subjects(options: BenchOptions): Subject[] {
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
    const { variants, checked } = catchUpVariants(store, events, subject.name);
    workloads.push({
      name: `catch-up ${events.toLocaleString("en-US")} events, ${subject.name}`,
      baseline: variants[0].name,
      // Memory runs in milliseconds, where one preemption on a shared machine moves a median of
      // five: more rounds of three runs each there.
      ...(subject.name === "memory"
        ? { rounds: options.quick ? 7 : 21, warmupRounds: 3, repeat: 3 }
        : { rounds: options.quick ? 3 : 5, warmupRounds: 1 }),
      variants,
      dispose: async (info) => {
        if (!info?.skipped && !checked()) throw new Error("catch-up bench checked nothing");
        await dispose();
      },
    });
  }
  return workloads;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runModuleAlone(catchUpWorkloads);
  for (const r of rows.filter((r) => !r.isBaseline)) {
    console.log(
      `${r.workload}: projection at ${((1 / r.ratio) * 100).toFixed(0)}% of the raw loop's events per second`,
    );
  }
}
