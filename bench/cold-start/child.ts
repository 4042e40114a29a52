// One cold start, in a fresh process: prints {"ms", "rssMb"} for the variant named in argv[2].
import { PGlite } from "@electric-sql/pglite";
import { MessageDBEventStore } from "../../adapters/messagedb/messagedb-event-store.js";
import { ReadyDatabaseCache } from "../../adapters/messagedb/ready-database-cache.js";

const variant = process.argv[2];
const t0 = performance.now();
if (variant === "raw-load") {
  // PGlite's own fastest way to a database that already holds MessageDB.
  const ready = await (await ReadyDatabaseCache.open()).load();
  if (!ready) throw new Error("no ready database cached yet");
  const db = await PGlite.create({ loadDataDir: ready });
  await db.query("SELECT message_store.write_message($1, 'bench-1', 'T', '{}')", [
    crypto.randomUUID(),
  ]);
} else {
  const store = new MessageDBEventStore(variant === "store-no-cache" ? { pgliteCache: false } : {});
  await store.append([
    {
      streamName: "bench-1",
      messages: [{ id: crypto.randomUUID(), type: "T", data: {} }],
      expectedVersion: -1,
    },
  ]);
}
console.log(
  JSON.stringify({ ms: performance.now() - t0, rssMb: process.memoryUsage().rss / 2 ** 20 }),
);
process.exit(0);
