import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../../core/index.js";
import { freshCategory, message } from "../conformance/event-store-conformance.js";
import { installMessageDb } from "./installer.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";
import { installedTestDatabase, serverUrl } from "./test-database.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Runs fixtures/sql-writer.ts in a second Node process: write_message over plain pg. */
async function writeFromAnotherProcess(url: string, stream: string, count: number) {
  const { stdout } = await promisify(execFile)(
    "npx",
    ["tsx", "adapters/messagedb/fixtures/sql-writer.ts"],
    {
      cwd: root,
      env: {
        ...process.env,
        STRATA_WRITER_URL: url,
        STRATA_WRITER_STREAM: stream,
        STRATA_WRITER_COUNT: String(count),
      },
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) as string) as { positions: number[] };
}

const WRITE =
  "SELECT message_store.write_message(gen_random_uuid()::varchar, $1, 'Written', '{}'::jsonb)";

describe.skipIf(!serverUrl)("subscribe hears other writers on the PostgreSQL server", () => {
  const db = installedTestDatabase();
  let store: MessageDBEventStore;
  let other: pg.Pool;
  beforeAll(async () => {
    store = new MessageDBEventStore({ databaseUri: db.url });
    await store.ready();
    other = new pg.Pool({ connectionString: db.url });
  });
  afterAll(async () => {
    await store?.close();
    await other?.end();
  });

  /** Subscribes and waits until the poll has found the store's end (writes after it are heard). */
  async function listen(filter: (m: Message) => boolean) {
    const seen: Message[] = [];
    const stop = store.subscribe((batch) => seen.push(...batch.filter(filter)));
    await store.listening();
    return { seen, stop };
  }

  it("delivers write_message calls of a second Node process, once each, in global order", async () => {
    const stream = `${freshCategory("proc")}-1`;
    const { seen, stop } = await listen((m) => m.streamName === stream);
    const { positions } = await writeFromAnotherProcess(db.url, stream, 5);
    expect(positions).toEqual([0, 1, 2, 3, 4]);
    await expect.poll(() => seen.length, { timeout: 2000 }).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop();
    expect(seen.map((m) => m.position)).toEqual([0, 1, 2, 3, 4]);
    const globals = seen.map((m) => m.globalPosition);
    expect(globals).toEqual([...globals].sort((a, b) => a - b));
  });

  it("delivers its own appends once, not again when the poll reads them", async () => {
    const category = freshCategory("own");
    const { seen, stop } = await listen((m) => m.streamName.startsWith(`${category}-`));
    for (let i = 0; i < 5; i++)
      await store.append([
        {
          streamName: `${category}-${i}`,
          messages: [message("A"), message("B")],
          expectedVersion: -1,
        },
      ]);
    expect(seen).toHaveLength(10);
    await new Promise((resolve) => setTimeout(resolve, 400));
    stop();
    expect(new Set(seen.map((m) => m.globalPosition)).size).toBe(10);
    expect(seen).toHaveLength(10);
  });

  it("holds a message behind an uncommitted lower position until that write commits", async () => {
    const slow = `${freshCategory("slow")}-1`;
    const fast = `${freshCategory("fast")}-1`;
    const { seen, stop } = await listen((m) => m.streamName === slow || m.streamName === fast);
    const held = await other.connect();
    try {
      await held.query("BEGIN");
      await held.query(WRITE, [slow]);
      await other.query(WRITE, [fast]);
      // Within the grace (250 ms) the later write waits for the hole below it.
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(seen).toEqual([]);
      await held.query("COMMIT");
    } finally {
      held.release();
    }
    await expect.poll(() => seen.length, { timeout: 2000 }).toBe(2);
    stop();
    expect(seen.map((m) => m.streamName)).toEqual([slow, fast]);
  });

  it("delivers past a hole after the grace, and the late write when it commits", async () => {
    const slow = `${freshCategory("late")}-1`;
    const fast = `${freshCategory("early")}-1`;
    const rolledBack = `${freshCategory("gone")}-1`;
    const { seen, stop } = await listen((m) => [slow, fast, rolledBack].includes(m.streamName));
    const held = await other.connect();
    const undone = await other.connect();
    try {
      await held.query("BEGIN");
      await held.query(WRITE, [slow]);
      await undone.query("BEGIN");
      await undone.query(WRITE, [rolledBack]);
      await other.query(WRITE, [fast]);
      await undone.query("ROLLBACK");
      // The holes stay open past the grace: the later write is delivered without them.
      await expect.poll(() => seen.map((m) => m.streamName), { timeout: 2000 }).toEqual([fast]);
      await held.query("COMMIT");
    } finally {
      held.release();
      undone.release();
    }
    await expect.poll(() => seen.map((m) => m.streamName), { timeout: 2000 }).toEqual([fast, slow]);
    stop();
  });

  it("keeps polling for the listeners left, and starts from the end again after the last left", async () => {
    const probe = new MessageDBEventStore({
      databaseUri: db.url,
      subscribePoll: { intervalMs: 20 },
    });
    await probe.ready();
    const stream = `${freshCategory("stop")}-1`;
    const a: number[] = [];
    const b: number[] = [];
    const only = (into: number[]) => (batch: readonly Message[]) =>
      into.push(...batch.filter((m) => m.streamName === stream).map((m) => m.position));
    const stopA = probe.subscribe(only(a));
    const stopB = probe.subscribe(only(b));
    await probe.listening();
    stopA();
    await other.query(WRITE, [stream]);
    await expect.poll(() => b, { timeout: 2000 }).toEqual([0]);
    stopB();
    // Written while nobody listened: a new subscription starts after it, as a fresh one would.
    await other.query(WRITE, [stream]);
    const c: number[] = [];
    const stopC = probe.subscribe(only(c));
    await probe.listening();
    await other.query(WRITE, [stream]);
    await expect.poll(() => c, { timeout: 2000 }).toEqual([2]);
    await probe.close();
    stopC();
    expect(a).toEqual([]);
  });
});

describe("subscribe hears other writers on embedded PGlite", () => {
  let pglite: PGlite;
  let store: MessageDBEventStore;
  beforeAll(async () => {
    pglite = await PGlite.create();
    await installMessageDb({ pglite });
    store = new MessageDBEventStore({ pglite, subscribePoll: { intervalMs: 20 } });
  });
  afterAll(async () => {
    await store?.close();
    await pglite?.close();
  });

  it("delivers a write_message made on the same PGlite outside the store, once", async () => {
    const stream = `${freshCategory("lite")}-1`;
    const seen: Message[] = [];
    const stop = store.subscribe((batch) => seen.push(...batch));
    await store.listening();
    await pglite.query(WRITE, [stream]);
    await store.append([{ streamName: stream, messages: [message("A")], expectedVersion: 0 }]);
    await expect.poll(() => seen.length, { timeout: 2000 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    stop();
    // The store's own append is delivered at once, so it may come before the poll's earlier write.
    const heard = seen
      .map((m) => [m.streamName, m.position])
      .sort((a, b) => Number(a[1]) - Number(b[1]));
    expect(heard).toEqual([
      [stream, 0],
      [stream, 1],
    ]);
  });
});
