/**
 * What reporting the global position costs a MessageDB append (read-your-writes), on one
 * connection, interleaved in one process:
 * - "position only": the write statement before read-your-writes (write_message alone);
 * - "global position in the statement": Strata's statement (write_message, then the written
 *   message's global position through get_last_stream_message, in the same round trip);
 * - "second round trip": write_message, then get_last_stream_message as its own query.
 * Each run writes N single-message commands to one stream, and a unit of 100 messages.
 *
 * `npx tsx bench/readmodels/append-global-position.ts [--quick]` on STRATA_BENCH_DATABASE_URL /
 * STRATA_TEST_DATABASE_URL (a scratch database), else embedded PGlite.
 */
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { installMessageDb } from "../../adapters/messagedb/index.js";
import {
  WRITE_MESSAGE,
  WRITE_MESSAGES,
  writeMessagesParameter,
} from "../../adapters/messagedb/write-statement.js";
import { uuid } from "../../core/index.js";
import { formatTable, type Row, runWorkload } from "../harness.js";
import { createScratchDatabase } from "../peers/scratch-database.js";

type Query = (name: string, text: string, values: unknown[]) => Promise<unknown>;

const OLD_ONE =
  "SELECT $2::varchar AS stream_name, message_store.write_message($1::varchar, $2::varchar, $3::varchar, $4::jsonb, $5::jsonb, $6::bigint) AS position";
const OLD_MANY = `SELECT m.stream_name, message_store.write_message(m.id, m.stream_name, m.type, m.data, m.metadata, m.expected_version) AS position
FROM jsonb_to_recordset($1::jsonb) AS m(id varchar, stream_name varchar, type varchar, data jsonb, metadata jsonb, expected_version bigint, last boolean)`;
const LAST = "SELECT global_position FROM message_store.get_last_stream_message($1::varchar)";

const quick = process.argv.includes("--quick");
const n = quick ? 200 : 1000;
const databaseUrl = process.env.STRATA_BENCH_DATABASE_URL ?? process.env.STRATA_TEST_DATABASE_URL;

async function open(): Promise<{ name: string; query: Query; close: () => Promise<void> }> {
  if (databaseUrl) {
    const db = await createScratchDatabase(databaseUrl);
    await installMessageDb(db.url);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    return {
      name: "PostgreSQL",
      query: (name, text, values) => client.query({ name, text, values }),
      close: async () => {
        await client.end();
        await db.drop();
      },
    };
  }
  const pglite = await PGlite.create();
  await installMessageDb({ pglite });
  return {
    name: "PGlite",
    query: (_name, text, values) => pglite.query(text, values),
    close: () => pglite.close(),
  };
}

const one = (stream: string, i: number) => [
  uuid(),
  stream,
  "Renamed",
  JSON.stringify({ firstName: `n${i}` }),
  null,
  i - 1,
];
const unit = (stream: string) =>
  writeMessagesParameter([
    {
      streamName: stream,
      expectedVersion: -1,
      messages: Array.from({ length: 100 }, (_, i) => ({
        id: uuid(),
        type: "Renamed",
        data: { firstName: `n${i}` },
      })),
    },
  ]);

async function main(): Promise<void> {
  const target = await open();
  const rows: Row[] = [];
  try {
    rows.push(
      ...(await runWorkload({
        name: `${n} commands on ${target.name}`,
        baseline: "position only",
        rounds: quick ? 5 : 9,
        warmupRounds: 1,
        variants: [
          {
            name: "position only",
            setup: () => `old-${uuid()}`,
            run: async (stream) => {
              for (let i = 0; i < n; i++)
                await target.query("old1", OLD_ONE, one(String(stream), i));
            },
          },
          {
            name: "global position in the statement",
            setup: () => `new-${uuid()}`,
            run: async (stream) => {
              for (let i = 0; i < n; i++) {
                await target.query(WRITE_MESSAGE.name, WRITE_MESSAGE.text, one(String(stream), i));
              }
            },
          },
          {
            name: "second round trip",
            setup: () => `two-${uuid()}`,
            run: async (stream) => {
              for (let i = 0; i < n; i++) {
                await target.query("old1", OLD_ONE, one(String(stream), i));
                await target.query("last", LAST, [stream]);
              }
            },
          },
        ],
      })),
      ...(await runWorkload({
        name: `unit of 100 messages on ${target.name}`,
        baseline: "position only",
        rounds: quick ? 9 : 21,
        warmupRounds: 2,
        variants: [
          {
            name: "position only",
            setup: () => unit(`old-${uuid()}`),
            run: (json) => target.query("oldN", OLD_MANY, [json]),
          },
          {
            name: "global position in the statement",
            setup: () => unit(`new-${uuid()}`),
            run: (json) => target.query(WRITE_MESSAGES.name, WRITE_MESSAGES.text, [json]),
          },
        ],
      })),
    );
  } finally {
    await target.close();
  }
  console.log(formatTable(rows));
}

await main();
