// One writer process of the load test: `transact` commands on a few hot aggregates, then a JSON
// report on stdout. Run by load-run.ts as: node --import tsx load-worker.ts '<json options>'.
import { z } from "zod";
import { MessageDBEventStore } from "../../adapters/messagedb/messagedb-event-store.js";
import { Domain, ExpectedVersionError } from "../../core/index.js";

export interface WorkerOptions {
  databaseUrl: string;
  category: string;
  ids: string[];
  commands: number;
  cache: boolean;
  seed: number;
}

export interface WorkerReport {
  succeeded: Record<string, number>;
  /** Command runs beyond the first of each `transact`: the conflicts it retried. */
  retries: number;
  /** transact calls that gave up: each must be an ExpectedVersionError. */
  gaveUp: number;
  otherErrors: string[];
}

/** The hot aggregate of the load test; the parent defines it the same way to check the state. */
export function counterDomain(store: MessageDBEventStore, category: string, cache: boolean) {
  const domain = new Domain("load", { eventStore: store, cache, logger: { warn() {} } });
  const Opened = domain.event("Opened", z.object({}));
  const Incremented = domain.event("Incremented", z.object({ by: z.string() }));
  class Counter extends domain.eventSourcedAggregate("Counter", z.object({ count: z.number() }), {
    streamCategory: category,
    initialState: { count: 0 },
  }) {
    static {
      this.applyEvent(Opened, () => {});
      this.applyEvent(Incremented, (c) => {
        c.count += 1;
      });
    }
  }
  return { Opened, Incremented, Counter, counters: domain.repositoryFor(Counter) };
}

async function main(options: WorkerOptions): Promise<WorkerReport> {
  const store = new MessageDBEventStore({ databaseUri: options.databaseUrl });
  const { Incremented, counters } = counterDomain(store, options.category, options.cache);
  const report: WorkerReport = { succeeded: {}, retries: 0, gaveUp: 0, otherErrors: [] };
  let state = options.seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  try {
    for (let i = 0; i < options.commands; i++) {
      const id = options.ids[Math.floor(random() * options.ids.length)] as string;
      let runs = 0;
      try {
        await counters.transact(
          id,
          (counter) => {
            runs += 1;
            counter.raise(Incremented({ by: `${process.pid}:${i}` }));
          },
          { maxAttempts: 40, backoffMs: 2 },
        );
        report.succeeded[id] = (report.succeeded[id] ?? 0) + 1;
      } catch (error) {
        if (error instanceof ExpectedVersionError) report.gaveUp += 1;
        else report.otherErrors.push(String(error));
      }
      report.retries += Math.max(0, runs - 1);
    }
  } finally {
    await store.close();
  }
  return report;
}

if (process.argv[2]) {
  const report = await main(JSON.parse(process.argv[2]) as WorkerOptions);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
