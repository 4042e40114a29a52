import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Domain,
  type EventStore,
  ExpectedVersionError,
  snapshotStreamName,
  streamName,
} from "../../core/store-kit.js";
import { freshCategory } from "./event-store-conformance.js";

const AGGREGATES = 3;

/** One writer process: its own domain (and aggregate cache, when on) over the shared store. */
function writer(store: EventStore, category: string, cache: boolean) {
  const domain = new Domain("model", {
    eventStore: store,
    logger: { warn() {} },
    cache,
    snapshotThreshold: 3,
  });
  const Opened = domain.event("Opened", z.object({}));
  const Added = domain.event("Added", z.object({ amount: z.number().int() }));
  class Tally extends domain.eventSourcedAggregate(
    "Tally",
    z.object({ total: z.number(), adds: z.number() }),
    { streamCategory: category, initialState: { total: 0, adds: 0 } },
  ) {
    add(amount: number) {
      this.raise(Added({ amount }));
    }
    static {
      this.applyEvent(Opened, () => {});
      this.applyEvent(Added, (t, e) => {
        t.total += e.amount;
        t.adds += 1;
      });
    }
  }
  return { Opened, Tally, tallies: domain.repositoryFor(Tally) };
}

interface Command {
  /** Which of the two writers runs it. */
  writer: 0 | 1;
  target: number;
  amount: number;
  /** Load, yield to the other writer, then add without retrying: may lose a race. */
  stale: boolean;
}

const command = fc.record<Command>({
  writer: fc.constantFrom(0 as const, 1 as const),
  target: fc.integer({ min: 0, max: AGGREGATES - 1 }),
  amount: fc.integer({ min: -5, max: 20 }),
  stale: fc.boolean(),
});

/**
 * A model-based property, run on every store: random command sequences on several aggregates,
 * split between two writers (one with the aggregate cache, one without) running concurrently,
 * end in the state a plain model predicts (each aggregate's total is the sum of the adds that
 * succeeded), with gapless positions, and every failure an ExpectedVersionError.
 */
export function modelConformance(store: () => EventStore, numRuns = 12): void {
  describe("model-based: two interleaved writers", () => {
    it("ends in the model's state with gapless positions", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(command, { maxLength: 30 }), async (commands) => {
          const category = freshCategory("tally");
          const writers = [
            writer(store(), category, true),
            writer(store(), category, false),
          ] as const;
          const ids: string[] = [];
          for (let i = 0; i < AGGREGATES; i++) {
            const tally = writers[0].Tally.create({ total: 0, adds: 0 });
            tally.raise(writers[0].Opened({}));
            await writers[0].tallies.add(tally);
            ids.push(tally.id);
          }
          const model = ids.map(() => ({ total: 0, adds: 0 }));
          let conflicts = 0;
          const run = async (lane: 0 | 1) => {
            const { tallies } = writers[lane];
            for (const c of commands.filter((c) => c.writer === lane)) {
              const id = ids[c.target] as string;
              if (c.stale) {
                const tally = await tallies.get(id);
                await new Promise((resolve) => setTimeout(resolve, 0));
                tally.add(c.amount);
                try {
                  await tallies.add(tally);
                } catch (error) {
                  if (!(error instanceof ExpectedVersionError)) throw error;
                  conflicts++;
                  continue;
                }
              } else {
                await tallies.transact(id, (t) => t.add(c.amount), {
                  maxAttempts: 100,
                  backoffMs: 1,
                });
              }
              const entry = model[c.target] as { total: number; adds: number };
              entry.total += c.amount;
              entry.adds += 1;
            }
          };
          await Promise.all([run(0), run(1)]);
          expect(conflicts).toBeLessThanOrEqual(commands.length);

          const reader = writer(store(), category, false);
          for (let i = 0; i < AGGREGATES; i++) {
            const id = ids[i] as string;
            const expected = model[i] as { total: number; adds: number };
            const events = await store().readStream(streamName(category, id));
            expect(events.map((e) => e.position)).toEqual(events.map((_, p) => p));
            expect(events).toHaveLength(1 + expected.adds);
            const globals = events.map((e) => e.globalPosition);
            expect(new Set(globals).size).toBe(globals.length);
            expect(globals).toEqual([...globals].sort((a, b) => a - b));
            const loaded = await reader.tallies.get(id);
            expect({ total: loaded.total, adds: loaded.adds, version: loaded._version }).toEqual({
              ...expected,
              version: expected.adds,
            });
            // The cached writer agrees once it has caught up, and snapshots agree with a replay.
            const cached = await writers[0].tallies.get(id);
            expect(cached.total).toBe(expected.total);
            const replayed = await reader.tallies.get(id, { atVersion: expected.adds });
            expect(replayed.total).toBe(expected.total);
            const snapshots = await store().readStream(snapshotStreamName(category, id));
            for (const s of snapshots)
              expect(s.metadata?.version).toBeLessThanOrEqual(expected.adds);
          }
        }),
        { numRuns },
      );
    }, 120_000);
  });
}
