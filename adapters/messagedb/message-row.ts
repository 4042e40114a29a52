import type { JsonObject, Message, MessageMetadata } from "../../core/store-kit.js";
import type { Row } from "./sql-client.js";
import { parseUtcTimestamp } from "./utc-timestamp.js";

/** The columns of MessageDB's `message` type, as every `get_*_messages` function returns them. */
export const MESSAGE_COLUMNS =
  "id, stream_name, type, position, global_position, data, metadata, time";

function parseJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? JSON.parse(value) : value;
}

/**
 * A row of `get_stream_messages`, `get_category_messages` or `get_last_stream_message` as a
 * Message: int8 (strings in pg) to numbers, JSON text parsed, `time` read as UTC.
 * Other clients may store null data; it reads as `{}`.
 */
export function toMessage(row: Row): Message {
  const time = row.time;
  return {
    id: String(row.id),
    streamName: String(row.stream_name),
    type: String(row.type),
    position: Number(row.position),
    globalPosition: Number(row.global_position),
    data: (parseJson(row.data) ?? {}) as JsonObject,
    metadata: parseJson(row.metadata) as MessageMetadata | null,
    time: time instanceof Date ? time : parseUtcTimestamp(String(time)),
  };
}
