// Listing a MessageDB store of 1,000,000 messages: the devtools bridge's catalog (skip-scans and
// keyed pages) against the naive DISTINCT queries. Builds a throwaway database on the server
// STRATA_TEST_DATABASE_URL names and drops it after. Alone: npx tsx bench/devtools-node/listing.ts
import pg from "pg";
import { installMessageDb } from "../../adapters/messagedb/installer.js";
import { MessageDBEventStore } from "../../adapters/messagedb/messagedb-event-store.js";
import { createTestDatabase } from "../../adapters/messagedb/test-database.js";
import { fillStore } from "./fill.js";

const STREAMS = Number(process.env.BENCH_STREAMS ?? 100_000);
const PER_STREAM = Number(process.env.BENCH_PER_STREAM ?? 10);
const CATEGORIES = 20;

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const server = process.env.STRATA_TEST_DATABASE_URL;
if (!server) throw new Error("STRATA_TEST_DATABASE_URL is not set");
const db = await createTestDatabase(server);
try {
  await installMessageDb(db.url);
  const fill = performance.now();
  await fillStore(db.url, STREAMS, PER_STREAM, CATEGORIES);
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  console.log(
    `filled ${STREAMS * PER_STREAM} messages (${STREAMS} streams, ${CATEGORIES} categories) in ${((performance.now() - fill) / 1000).toFixed(1)} s`,
  );
  const store = new MessageDBEventStore({ databaseUri: db.url });
  const catalog = await store.catalog();
  await catalog.stats();
  const rows: Record<string, string>[] = [];
  const measures: [string, () => Promise<unknown>][] = [
    [
      "naive: SELECT DISTINCT stream_name (whole store)",
      () => admin.query("SELECT DISTINCT stream_name FROM message_store.messages"),
    ],
    [
      "naive: DISTINCT stream_name of one category",
      () =>
        admin.query(
          "SELECT DISTINCT stream_name FROM message_store.messages WHERE message_store.category(stream_name) = 'cat7'",
        ),
    ],
    [
      "naive: DISTINCT category (whole store)",
      () =>
        admin.query(
          "SELECT DISTINCT message_store.category(stream_name) FROM message_store.messages",
        ),
    ],
    [
      "skip-scan: every distinct stream (messages_stream index)",
      () =>
        admin.query(`WITH RECURSIVE s(name) AS (
        (SELECT stream_name FROM message_store.messages ORDER BY stream_name LIMIT 1)
        UNION ALL SELECT (SELECT stream_name FROM message_store.messages WHERE stream_name > s.name ORDER BY stream_name LIMIT 1)
        FROM s WHERE s.name IS NOT NULL) SELECT count(*) FROM s WHERE name IS NOT NULL`),
    ],
    ["catalog: every category (skip-scan)", () => catalog.categories({ limit: 1000 })],
    ["catalog: first 100 streams of a category", () => catalog.streams("cat7", { limit: 100 })],
    [
      "catalog: 100 streams of a category from the middle",
      () => catalog.streams("cat7", { after: (STREAMS * PER_STREAM) / 2, limit: 100 }),
    ],
    [
      "catalog: every stream of a category, pages of 500",
      async () => {
        let after = 0;
        for (;;) {
          const page = await catalog.streams("cat7", { after, limit: 500 });
          if (page.length < 500) return;
          after = (page.at(-1) as { firstGlobalPosition: number }).firstGlobalPosition;
        }
      },
    ],
    [
      "catalog: latest 2,000 messages (feed)",
      () => catalog.feed({ before: Number.MAX_SAFE_INTEGER, limit: 2000 }),
    ],
    ["catalog: store stats (max position, estimate)", () => catalog.stats()],
  ];
  for (const [name, run] of measures) {
    await run();
    const ms = [await time(run), await time(run), await time(run)];
    rows.push({ query: name, ms: ms.map((m) => m.toFixed(1)).join(" / ") });
  }
  console.table(rows);
  await store.close();
  await admin.end();
} finally {
  await db.drop();
}
