import type { StreamAppend } from "../../core/store-kit.js";
import type { NamedStatement } from "./sql-client.js";

/**
 * The global position of the message `write_message` just wrote, in the same statement:
 * `messages.global_position` is a bigserial, and `currval` is the value this session's insert
 * drew from its sequence (other sessions cannot change it). The CTE is scanned row by row as
 * the outer query asks, so each row's `currval` follows that row's write. This costs far less
 * than `get_last_stream_message`, which plans dynamic SQL on every call (bench/RESULTS.md).
 */
const GLOBAL_POSITION = "currval('message_store.messages_global_position_seq'::regclass)";

/**
 * One statement writes a whole unit of work: one `write_message` call per message, in the order
 * given (core sorts streams so writers take MessageDB's per-category locks in the same order).
 * A single statement is its own transaction, so the unit is all or nothing in one round trip.
 * `jsonb_to_recordset` yields rows in array order, and the volatile calls run row by row.
 */
export const WRITE_MESSAGES: NamedStatement = {
  name: "strata_write_messages",
  text: `WITH w AS MATERIALIZED (
  SELECT m.stream_name, m.last, message_store.write_message(m.id, m.stream_name, m.type, m.data, m.metadata, m.expected_version) AS position
  FROM jsonb_to_recordset($1::jsonb) AS m(id varchar, stream_name varchar, type varchar, data jsonb, metadata jsonb, expected_version bigint, last boolean)
)
SELECT w.stream_name, w.position, CASE WHEN w.last THEN ${GLOBAL_POSITION} END AS global_position FROM w`,
};

/** The common unit of work of one message, without the JSON round trip of the batch form. */
export const WRITE_MESSAGE: NamedStatement = {
  name: "strata_write_message",
  text: `WITH w AS MATERIALIZED (
  SELECT $2::varchar AS stream_name, message_store.write_message($1::varchar, $2::varchar, $3::varchar, $4::jsonb, $5::jsonb, $6::bigint) AS position
)
SELECT w.stream_name, w.position, ${GLOBAL_POSITION} AS global_position FROM w`,
};

/** The statement and parameters writing `streams`: the single-message form when it applies. */
export function writeStatement(streams: readonly StreamAppend[]): [NamedStatement, unknown[]] {
  const [only] = streams;
  const message = only?.messages[0];
  if (streams.length === 1 && only?.messages.length === 1 && message) {
    return [
      WRITE_MESSAGE,
      [
        message.id,
        only.streamName,
        message.type,
        JSON.stringify(message.data),
        message.metadata ? JSON.stringify(message.metadata) : null,
        only.expectedVersion,
      ],
    ];
  }
  return [WRITE_MESSAGES, [writeMessagesParameter(streams)]];
}

/**
 * The parameter of `WRITE_MESSAGES`: every message with its stream and expected version.
 * After the first message of a stream, the expected version is the previous position, which
 * holds because the category lock is kept to the end of the transaction.
 */
export function writeMessagesParameter(streams: readonly StreamAppend[]): string {
  const rows: unknown[] = [];
  for (const { streamName, messages, expectedVersion } of streams) {
    messages.forEach((m, i) => {
      rows.push({
        id: m.id,
        stream_name: streamName,
        type: m.type,
        data: m.data,
        // Absent keys become SQL NULL; a JSON null would be stored as the jsonb value null.
        ...(m.metadata ? { metadata: m.metadata } : {}),
        ...(expectedVersion === null ? {} : { expected_version: expectedVersion + i }),
        // Only a stream's last message needs its global position looked up.
        ...(i === messages.length - 1 ? { last: true } : {}),
      });
    });
  }
  return JSON.stringify(rows);
}
