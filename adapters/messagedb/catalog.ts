import type { Message } from "../../core/store-kit.js";
import { toMessage } from "./message-row.js";
import type { NamedStatement, Row } from "./sql-client.js";

/** A category and the global position of its last message. */
export interface CategoryEntry {
  readonly category: string;
  readonly lastGlobalPosition: number;
}

/** A stream, keyed by the global position of its first message (creation order). */
export interface StreamEntry {
  readonly streamName: string;
  readonly firstGlobalPosition: number;
  readonly created: Date;
  /** Position of its last message. */
  readonly version: number;
}

/** The size of the store without counting it: its last global position and the planner's row estimate. */
export interface StoreStats {
  readonly lastGlobalPosition: number;
  readonly estimatedMessages: number;
}

const COLUMNS = "id, stream_name, type, position, global_position, data, metadata, time";

/**
 * Distinct categories without reading every message: a recursive skip-scan that jumps from one
 * category to the next through MessageDB's `messages_category` index (category, global_position),
 * one index descent per category. Keyed by name: the page after `$1`.
 */
const CATEGORIES: NamedStatement = {
  name: "strata_catalog_categories",
  text: `WITH RECURSIVE c(name) AS (
  (SELECT message_store.category(stream_name) FROM message_store.messages
    WHERE message_store.category(stream_name) > $1::varchar ORDER BY 1 LIMIT 1)
  UNION ALL
  SELECT (SELECT message_store.category(stream_name) FROM message_store.messages
    WHERE message_store.category(stream_name) > c.name ORDER BY 1 LIMIT 1)
  FROM c WHERE c.name IS NOT NULL
)
SELECT c.name, (SELECT max(global_position) FROM message_store.messages
  WHERE message_store.category(stream_name) = c.name) AS last
FROM c WHERE c.name IS NOT NULL LIMIT $2::bigint`,
};

/**
 * A category's streams: every stream has one message at position 0, so its streams are those
 * messages, read through the same index in global order (no DISTINCT over all its messages).
 * Keyed by the first message's global position: the page after `$2`.
 */
const STREAMS: NamedStatement = {
  name: "strata_catalog_streams",
  text: `SELECT stream_name, global_position, time::timestamp AS time,
  message_store.stream_version(stream_name) AS version
FROM message_store.messages
WHERE message_store.category(stream_name) = $1::varchar AND global_position > $2::bigint AND position = 0
ORDER BY global_position LIMIT $3::bigint`,
};

const FEED_AFTER: NamedStatement = {
  name: "strata_catalog_feed_after",
  text: `SELECT ${COLUMNS} FROM message_store.messages WHERE global_position > $1::bigint
ORDER BY global_position LIMIT $2::bigint`,
};

const FEED_BEFORE: NamedStatement = {
  name: "strata_catalog_feed_before",
  text: `SELECT ${COLUMNS} FROM message_store.messages WHERE global_position < $1::bigint
ORDER BY global_position DESC LIMIT $2::bigint`,
};

const STATS: NamedStatement = {
  name: "strata_catalog_stats",
  text: `SELECT (SELECT COALESCE(max(global_position), 0) FROM message_store.messages) AS last,
  (SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = 'message_store.messages'::regclass) AS estimate`,
};

type Run = (statement: NamedStatement, values: readonly unknown[]) => Promise<Row[]>;

/**
 * Read-only listings of a MessageDB store for tools (the devtools bridge), each a page read by
 * key so a store of millions of messages is never read whole. Get one from
 * `MessageDBEventStore.catalog()`.
 *
 * @example
 * const catalog = await store.catalog();
 * const page = await catalog.categories({ limit: 50 });
 * const next = await catalog.categories({ after: page.at(-1)?.category, limit: 50 });
 */
export class MessageDbCatalog {
  readonly #run: Run;

  constructor(run: Run) {
    this.#run = run;
  }

  /** Categories in name order, after `after` (default: from the first). */
  async categories(options: { after?: string; limit?: number } = {}): Promise<CategoryEntry[]> {
    const rows = await this.#run(CATEGORIES, [options.after ?? "", options.limit ?? 100]);
    return rows.map((r) => ({
      category: String(r.name),
      lastGlobalPosition: Number(r.last),
    }));
  }

  /** A category's streams in creation order, after the stream whose first message is at `after`. */
  async streams(
    category: string,
    options: { after?: number; limit?: number } = {},
  ): Promise<StreamEntry[]> {
    const rows = await this.#run(STREAMS, [category, options.after ?? 0, options.limit ?? 100]);
    return rows.map((r) => ({
      streamName: String(r.stream_name),
      firstGlobalPosition: Number(r.global_position),
      created: toMessage({ ...r, data: null, metadata: null }).time,
      version: Number(r.version),
    }));
  }

  /** Messages of every stream in global order: after `after`, or the `limit` before `before`. */
  async feed(
    options: { after?: number; before?: number; limit?: number } = {},
  ): Promise<Message[]> {
    const limit = options.limit ?? 500;
    if (options.before !== undefined) {
      const rows = await this.#run(FEED_BEFORE, [options.before, limit]);
      return rows.map(toMessage).reverse();
    }
    return (await this.#run(FEED_AFTER, [options.after ?? 0, limit])).map(toMessage);
  }

  async stats(): Promise<StoreStats> {
    const [row] = await this.#run(STATS, []);
    return {
      lastGlobalPosition: Number(row?.last ?? 0),
      estimatedMessages: Number(row?.estimate ?? 0),
    };
  }
}
