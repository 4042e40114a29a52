// Live latency of the devtools bridge: a commit in another Node process (write_message over plain
// pg, fixtures/sql-writer.ts) until the bridge's SSE stream delivers it to a client here, and the
// idle cost of the poll behind MessageDBEventStore.subscribe. Alone:
// STRATA_TEST_DATABASE_URL=postgresql://... npx tsx bench/devtools-node/latency.ts
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { installMessageDb } from "../../adapters/messagedb/installer.js";
import { createTestDatabase } from "../../adapters/messagedb/test-database.js";
import { openReadOnlyStore } from "../../devtools/node/read-only-store.js";
import { serveStore } from "../../devtools/node/serve.js";
import { listen } from "../../tests/devtools-node/http.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const COUNT = Number(process.env.BENCH_COUNT ?? 100);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

const server = process.env.STRATA_TEST_DATABASE_URL;
if (!server) throw new Error("STRATA_TEST_DATABASE_URL is not set");
const db = await createTestDatabase(server);
try {
  await installMessageDb(db.url);
  const { store, database, close } = await openReadOnlyStore({ databaseUri: db.url });
  const bridge = await serveStore(store, database, { port: 0 });
  const token = new URL(bridge.url).searchParams.get("token") as string;
  const rounds: Record<string, string | number>[] = [];
  for (let round = 1; round <= 3; round++) {
    const stream = `latency${round}-1`;
    const received = new Map<number, number>();
    const sse = listen(`http://127.0.0.1:${bridge.port}/api/events`, {
      Authorization: `Bearer ${token}`,
    });
    const seen = () => {
      for (const e of sse.events.splice(0)) {
        if (e.event !== "messages") continue;
        for (const m of e.data as { streamName: string; position: number }[])
          if (m.streamName === stream && !received.has(m.position))
            received.set(m.position, Date.now());
      }
    };
    const timer = setInterval(seen, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // 37 ms apart: commits fall at every phase of the 100 ms poll.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "adapters/messagedb/fixtures/sql-writer.ts"],
      {
        cwd: root,
        env: {
          ...process.env,
          STRATA_WRITER_URL: db.url,
          STRATA_WRITER_STREAM: stream,
          STRATA_WRITER_COUNT: String(COUNT),
          STRATA_WRITER_GAP_MS: "37",
        },
      },
    );
    const { committed } = JSON.parse(stdout.trim().split("\n").at(-1) as string) as {
      committed: number[];
    };
    await new Promise((resolve) => setTimeout(resolve, 1000));
    seen();
    clearInterval(timer);
    sse.close();
    const latencies = committed
      .map((t, i) => (received.get(i) ?? Number.NaN) - t)
      .sort((a, b) => a - b);
    rounds.push({
      round,
      delivered: `${received.size}/${COUNT}`,
      "p50 ms": percentile(latencies, 50),
      "p95 ms": percentile(latencies, 95),
      "max ms": latencies.at(-1) as number,
    });
  }
  console.table(rounds);

  // Idle: what the poll costs the database with nothing written (one listener, default 100 ms).
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  const calls = async () => {
    const { rows } = await admin.query(
      "SELECT coalesce(sum(xact_commit), 0)::bigint AS n FROM pg_stat_database WHERE datname = current_database()",
    );
    return Number(rows[0].n);
  };
  const stop = store.subscribe(() => {});
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = await calls();
  const started = performance.now();
  const cpu = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const used = process.cpuUsage(cpu);
  const after = await calls();
  stop();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `idle poll: ${((after - before) / seconds).toFixed(1)} transactions/s on the database, ${((((used.user + used.system) / 1000 / seconds) * 1000) / 1000).toFixed(2)} ms CPU/s in this process`,
  );
  const timing = await admin.query(
    "EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM message_store.messages WHERE global_position > 1000000 OR global_position = ANY('{}'::bigint[]) ORDER BY global_position LIMIT 1000",
  );
  console.log(
    `one idle poll on the server: ${timing.rows[0]["QUERY PLAN"][0]["Execution Time"]} ms`,
  );
  await admin.end();
  await bridge.close();
  await close();
} finally {
  await db.drop();
}
