import pg from "pg";
import { expect } from "vitest";
import { z } from "zod";
import { MessageDBEventStore } from "../../adapters/messagedb/messagedb-event-store.js";
import { Domain, ExpectedVersionError, StoreError } from "../../core/index.js";

export interface KillResult {
  units: number;
  /** Units whose events are all stored. */
  committed: number;
  /** Units with none of their events stored. */
  absent: number;
  /** Units with some but not all of their events: must be 0. */
  partial: number;
  /** Units that failed with a StoreError marked retryable. */
  failedRetryable: number;
  /** Units reported failed that are nevertheless stored whole (killed after the commit). */
  failedButCommitted: number;
  /** Failures that were not a retryable StoreError. */
  otherErrors: string[];
  killedBackends: number;
}

/**
 * Units of work (3 events over 2 categories each) from `lanes` concurrent callers while another
 * connection terminates the store's busy backends every `killEveryMs`; then every unit is
 * checked: all of its events stored, or none.
 */
export async function runKills(
  databaseUrl: string,
  {
    lanes,
    unitsPerLane,
    killEveryMs,
  }: { lanes: number; unitsPerLane: number; killEveryMs: number },
): Promise<KillResult> {
  const suffix = Math.random().toString(36).slice(2, 10);
  const store = new MessageDBEventStore({ databaseUri: databaseUrl });
  const domain = new Domain("faults", { eventStore: store, cache: false, logger: { warn() {} } });
  const Placed = domain.event("Placed", z.object({ unit: z.string() }));
  const Noted = domain.event("Noted", z.object({ unit: z.string() }));
  class Order extends domain.eventSourcedAggregate("Order", z.object({}), {
    streamCategory: `order${suffix}`,
  }) {
    static {
      this.applyEvent(Placed, () => {});
      this.applyEvent(Noted, () => {});
    }
  }
  class Ledger extends domain.eventSourcedAggregate("Ledger", z.object({}), {
    streamCategory: `ledger${suffix}`,
  }) {
    static {
      this.applyEvent(Noted, () => {});
    }
  }
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const database = new URL(databaseUrl).pathname.slice(1);
  const reported = new Map<string, "ok" | "failed">();
  const result: KillResult = {
    units: lanes * unitsPerLane,
    committed: 0,
    absent: 0,
    partial: 0,
    failedRetryable: 0,
    failedButCommitted: 0,
    otherErrors: [],
    killedBackends: 0,
  };
  let running = true;
  // The killer waits for one unit to succeed after each round of kills, so a slow (busy) machine
  // still sees units both killed and committed instead of every unit killed.
  let okSinceKill = 0;
  let progressed = () => {};
  const progress = () =>
    new Promise<void>((resolve) => {
      progressed = resolve;
      if (okSinceKill > 0 || !running) resolve();
    });
  const killer = (async () => {
    while (running) {
      await progress();
      if (!running) break;
      okSinceKill = 0;
      const { rows } = await admin.query(
        "SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND state = 'active'",
        [database],
      );
      result.killedBackends += rows.filter((r) => r.killed === true).length;
      await new Promise((resolve) => setTimeout(resolve, killEveryMs * (0.5 + Math.random())));
    }
  })();
  try {
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        for (let i = 0; i < unitsPerLane; i++) {
          const unit = `${lane}-${i}`;
          try {
            await domain.unitOfWork(async (uow) => {
              const order = Order.create({});
              order.raise(Placed({ unit }));
              order.raise(Noted({ unit }));
              const ledger = Ledger.create({});
              ledger.raise(Noted({ unit }));
              await uow.repositoryFor(Order).add(order);
              await uow.repositoryFor(Ledger).add(ledger);
            });
            reported.set(unit, "ok");
            okSinceKill += 1;
            progressed();
          } catch (error) {
            reported.set(unit, "failed");
            if (error instanceof StoreError && error.retryable) result.failedRetryable += 1;
            else if (!(error instanceof ExpectedVersionError))
              result.otherErrors.push(String(error));
            else result.otherErrors.push(`unexpected conflict: ${error.message}`);
          }
        }
      }),
    );
  } finally {
    running = false;
    progressed();
    await killer;
  }
  const stored = new Map<string, number>();
  for (const category of [`order${suffix}`, `ledger${suffix}`]) {
    const { rows } = await admin.query(
      "SELECT data::jsonb ->> 'unit' AS unit FROM message_store.messages WHERE stream_name LIKE $1",
      [`${category}-%`],
    );
    for (const row of rows) stored.set(row.unit, (stored.get(row.unit) ?? 0) + 1);
  }
  await admin.end();
  await store.close();
  for (const [unit, outcome] of reported) {
    const count = stored.get(unit) ?? 0;
    if (count === 3) result.committed += 1;
    else if (count === 0) result.absent += 1;
    else result.partial += 1;
    if (count === 3 && outcome === "failed") result.failedButCommitted += 1;
    if (count !== 3 && outcome === "ok")
      result.otherErrors.push(`unit ${unit} reported ok, ${count} of 3 events stored`);
  }
  return result;
}

/** What every fault run must show: each unit of work all or nothing, every failure retryable. */
export function expectAllOrNothing(result: KillResult): void {
  expect(result.otherErrors).toEqual([]);
  expect(result.partial).toBe(0);
  expect(result.committed + result.absent).toBe(result.units);
  // Every absent unit was reported failed, as a StoreError a retry may fix.
  expect(result.failedRetryable).toBe(result.absent + result.failedButCommitted);
}
