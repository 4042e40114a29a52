import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { MessageDBEventStore } from "../../adapters/messagedb/messagedb-event-store.js";
import { counterDomain, type WorkerOptions, type WorkerReport } from "./load-worker.js";

const workerPath = fileURLToPath(new URL("./load-worker.ts", import.meta.url));

function runWorker(options: WorkerOptions): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", workerPath, JSON.stringify(options)],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`load worker exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.trim().split("\n").pop() as string) as WorkerReport);
    });
  });
}

export interface LoadResult {
  processes: number;
  commands: number;
  succeeded: number;
  gaveUp: number;
  retries: number;
  otherErrors: string[];
  /** Per hot aggregate: events in its stream (without the first), successes reported, state. */
  aggregates: {
    id: string;
    events: number;
    reported: number;
    count: number;
    gapless: boolean;
    unique: boolean;
  }[];
  ms: number;
}

/**
 * Several writer processes x `commands` transact each on `aggregates` hot aggregates of one
 * database, then a read of every stream: what the load test and the stress variants assert on.
 */
export async function runLoad(
  databaseUrl: string,
  {
    processes,
    commands,
    aggregates,
    cache,
  }: { processes: number; commands: number; aggregates: number; cache: boolean },
): Promise<LoadResult> {
  const category = `load${Math.random().toString(36).slice(2, 10)}`;
  const store = new MessageDBEventStore({ databaseUri: databaseUrl });
  try {
    const { Opened, Counter, counters } = counterDomain(store, category, false);
    const ids: string[] = [];
    for (let i = 0; i < aggregates; i++) {
      const counter = Counter.create({ count: 0 });
      counter.raise(Opened({}));
      await counters.add(counter);
      ids.push(counter.id);
    }
    const started = performance.now();
    const reports = await Promise.all(
      Array.from({ length: processes }, (_, i) =>
        runWorker({ databaseUrl, category, ids, commands, cache, seed: i + 1 }),
      ),
    );
    const ms = performance.now() - started;
    const result: LoadResult = {
      processes,
      commands: processes * commands,
      succeeded: 0,
      gaveUp: 0,
      retries: 0,
      otherErrors: [],
      aggregates: [],
      ms,
    };
    for (const r of reports) {
      result.gaveUp += r.gaveUp;
      result.retries += r.retries;
      result.otherErrors.push(...r.otherErrors);
      for (const n of Object.values(r.succeeded)) result.succeeded += n;
    }
    for (const id of ids) {
      const events = await store.readStream(`${category}-${id}`);
      const loaded = await counters.get(id);
      result.aggregates.push({
        id,
        events: events.length - 1,
        reported: reports.reduce((sum, r) => sum + (r.succeeded[id] ?? 0), 0),
        count: loaded.count,
        gapless: events.every((e, i) => e.position === i),
        unique: new Set(events.map((e) => e.data.by)).size === events.length,
      });
    }
    return result;
  } finally {
    await store.close();
  }
}

/** What every load run must show, whatever its size: nothing lost, nothing doubled, no gap. */
export function expectNoLostUpdate(result: LoadResult): void {
  expect(result.otherErrors).toEqual([]);
  expect(result.succeeded + result.gaveUp).toBe(result.commands);
  for (const a of result.aggregates) {
    expect(a.gapless).toBe(true);
    expect(a.unique).toBe(true);
    expect(a.events).toBe(a.reported);
    expect(a.count).toBe(a.reported);
  }
}
