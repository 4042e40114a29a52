import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExpectedVersionError } from "../../core/index.js";
import { freshCategory, message } from "../conformance/event-store-conformance.js";
import { identityDomain } from "../conformance/identity-fixture.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";
import { installedTestDatabase, serverUrl } from "./test-database.js";

describe.skipIf(!serverUrl)("concurrent writers on the PostgreSQL server", () => {
  const db = installedTestDatabase();
  let store: MessageDBEventStore;
  beforeAll(() => {
    store = new MessageDBEventStore({ databaseUri: db.url });
  });
  afterAll(async () => {
    await store?.close();
  });

  it("8 writers x 10 commands on one aggregate: gapless positions, no duplicates, state counts every success", async () => {
    const category = freshCategory("user");
    const { User, users } = identityDomain(store, {
      streamCategory: category,
      logger: { warn() {} },
    });
    const user = User.register("race@example.com");
    await users.add(user);

    const writers = 8;
    const commands = 10;
    let succeeded = 0;
    let gaveUp = 0;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let c = 0; c < commands; c++) {
          try {
            await users.transact(user.id, (u) => u.rename(`w${w}c${c}`), {
              maxAttempts: 30,
              backoffMs: 1,
            });
            succeeded++;
          } catch (error) {
            if (!(error instanceof ExpectedVersionError)) throw error;
            gaveUp++;
          }
        }
      }),
    );

    expect(succeeded + gaveUp).toBe(writers * commands);
    expect(succeeded).toBeGreaterThan(0);
    const events = await store.readStream(`${category}-${user.id}`);
    expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const globals = events.map((e) => e.globalPosition);
    expect(globals).toEqual([...globals].sort((a, b) => a - b));
    expect(new Set(globals).size).toBe(globals.length);
    expect(events).toHaveLength(1 + succeeded);
    const loaded = await users.get(user.id);
    expect(loaded.renames).toBe(succeeded);
    expect(loaded._version).toBe(succeeded);
  });

  it("reports each append's own global position while 8 writers append to the same streams", async () => {
    const category = freshCategory("race");
    const streams = [`${category}-a`, `${category}-b`];
    const reported = new Map<string, number>();
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let c = 0; c < 10; c++) {
          // Odd commands write one message, even ones two messages to each stream (the batch form).
          const count = c % 2 === 1 ? 1 : 2;
          const appends = (c % 2 === 1 ? streams.slice(w % 2, (w % 2) + 1) : streams).map(
            (streamName) => ({
              streamName,
              messages: Array.from({ length: count }, () => message("Raced", { w, c })),
              expectedVersion: null,
            }),
          );
          const results = await store.append(appends);
          results.forEach((result, i) => {
            const written = appends[i]?.messages;
            reported.set(written?.[written.length - 1]?.id as string, result.globalPosition);
          });
        }
      }),
    );
    const stored = new Map<string, number>();
    for (const streamName of streams) {
      for (const m of await store.readStream(streamName)) stored.set(m.id, m.globalPosition);
    }
    expect(reported.size).toBe(8 * 5 * 2 + 8 * 5);
    for (const [id, globalPosition] of reported) expect(stored.get(id)).toBe(globalPosition);
  });
});
