import {
  type AppendResult,
  type EventStore,
  ExpectedVersionError,
  type Message,
  type MessagesListener,
  type ReadCategoryOptions,
  type ReadStreamOptions,
  type SnapshotAndTail,
  StoreError,
  type StreamAppend,
  UsageError,
} from "../../core/store-kit.js";
import { assertConsumerGroup } from "../shared/consumer-group-filter.js";
import { Listeners } from "../shared/listeners.js";
import { validateAppend } from "../shared/validate-append.js";
import type { MessageDbCatalog } from "./catalog.js";
import type { ConnectionOptions } from "./connection-options.js";
import { InFlight, withinMs } from "./in-flight.js";
import { MESSAGE_COLUMNS, toMessage } from "./message-row.js";
import { checkConnectionOptions, openSqlClient } from "./open-sql-client.js";
import type { PollOptions, PositionPoller } from "./position-poller.js";
import type { NamedStatement, SqlClient, Statement } from "./sql-client.js";
import { translateError } from "./translate-error.js";
import { writeStatement } from "./write-statement.js";

/** Options of `new MessageDBEventStore`: where the database is (see ConnectionOptions), and whether to install MessageDB. */
export interface MessageDBEventStoreOptions extends ConnectionOptions {
  /**
   * Install the MessageDB schema when it is missing. Default: true for embedded PGlite (a new
   * database is empty), false for Postgres, where `npx strata-es messagedb install` is the way.
   */
  installSchema?: boolean | undefined;
  /**
   * How long `close()` waits for calls still running (default 5000 ms). Calls that have not
   * finished by then fail with a StoreError saying the store closed.
   */
  closeTimeoutMs?: number | undefined;
  /**
   * How `subscribe` hears writes made elsewhere (other processes, Eventide, plain SQL): a poll on
   * global position every `intervalMs` (default 100) while someone listens; `false` hears only
   * this store's own appends. Default: on for Postgres, off for embedded PGlite (no other process
   * writes to it; pass `{}` to hear SQL run on the same PGlite instance).
   */
  subscribePoll?: PollOptions | false | undefined;
}

const READ_STREAM: NamedStatement = {
  name: "strata_read_stream",
  text: `SELECT ${MESSAGE_COLUMNS} FROM message_store.get_stream_messages($1::varchar, $2::bigint, $3::bigint)`,
};
const READ_CATEGORY: NamedStatement = {
  name: "strata_read_category",
  text: `SELECT ${MESSAGE_COLUMNS} FROM message_store.get_category_messages($1::varchar, $2::bigint, $3::bigint, $4::varchar, $5::bigint, $6::bigint)`,
};
const LAST_MESSAGE: NamedStatement = {
  name: "strata_last_message",
  text: `SELECT ${MESSAGE_COLUMNS} FROM message_store.get_last_stream_message($1::varchar, $2::varchar)`,
};
/** MessageDB's `message` type, cast from the table's columns as its `get_*` functions do. */
const MESSAGE_CASTS =
  "id::varchar, stream_name::varchar, type::varchar, position::bigint, global_position::bigint, data::varchar, metadata::varchar, time::timestamp";
/**
 * An aggregate's load in one round trip: the last snapshot, and the stream from the position its
 * version names, inclusive (core's `snapshotTailStart`: the version when it is an integer from 0
 * to 2^53 - 1, else 0). Core checks the event at that position exists before using the snapshot.
 * It selects from `message_store.messages` (the `message_store` role may) with the very query
 * `get_last_stream_message` and `get_stream_messages` build, rather than calling them: they
 * build and plan that query on every call (PL/pgSQL EXECUTE), while this statement is planned
 * once per connection. That was most of a snapshot load's cost beyond the round trip.
 */
const READ_SNAPSHOT_AND_TAIL: NamedStatement = {
  name: "strata_read_snapshot_and_tail",
  text: `WITH snapshot AS (
  SELECT ${MESSAGE_CASTS} FROM message_store.messages
  WHERE stream_name = $2::varchar ORDER BY position DESC LIMIT 1
), version AS (
  SELECT CASE WHEN jsonb_typeof(metadata::jsonb -> 'version') = 'number'
    THEN (metadata::jsonb -> 'version')::numeric END AS value FROM snapshot
), tail_start AS (
  SELECT COALESCE((SELECT CASE WHEN value >= 0 AND value <= 9007199254740991 AND value = trunc(value)
    THEN value::bigint END FROM version), 0) AS position
)
SELECT true AS is_snapshot, ${MESSAGE_COLUMNS} FROM snapshot
UNION ALL
(SELECT false AS is_snapshot, ${MESSAGE_CASTS} FROM message_store.messages
  WHERE stream_name = $1::varchar AND position >= (SELECT position FROM tail_start)
  ORDER BY position ASC LIMIT $3::bigint)`,
};
const STREAM_VERSION: NamedStatement = {
  name: "strata_stream_version",
  text: "SELECT message_store.stream_version($1::varchar) AS version",
};
/** Reads back what an append wrote (for subscribers): one round trip for all its streams. */
const READ_WRITTEN = `SELECT r.id, r.stream_name, r.type, r.position, r.global_position, r.data, r.metadata, r.time
FROM jsonb_to_recordset($1::jsonb) AS s(stream_name varchar, position bigint, count bigint),
LATERAL message_store.get_stream_messages(s.stream_name, s.position, s.count) AS r
ORDER BY r.global_position`;
/** Installed, and callable from this session: either the functions pin search_path or the session has it. */
const SCHEMA_CHECK = `SELECT to_regprocedure('message_store.write_message(varchar,varchar,varchar,jsonb,jsonb,bigint)') IS NOT NULL AS installed,
  COALESCE((SELECT array_to_string(proconfig, ',') FROM pg_proc
            WHERE oid = to_regprocedure('message_store.acquire_lock(varchar)')), '') AS config,
  current_setting('search_path') AS search_path`;

const READ_BATCH = 1000;

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`${name} must be an integer >= 1, got ${value}.`);
  }
  return value;
}

/**
 * An event store on MessageDB: Postgres through `pg`, or PGlite embedded in the process when no
 * database is given. Every write goes through `write_message` and every read through
 * `get_stream_messages`, `get_category_messages` and `get_last_stream_message`, so other
 * MessageDB clients read what Strata writes, and the other way round.
 *
 * @example
 * // Postgres with MessageDB installed (npx strata-es messagedb install --database-url ...)
 * const store = new MessageDBEventStore({ databaseUri: "postgresql://message_store@localhost:5433/message_store" });
 * // embedded, in memory (or { dataDir: "./data" } to persist)
 * const embedded = new MessageDBEventStore();
 * const identity = new Domain("identity", { eventStore: store });
 */
export class MessageDBEventStore implements EventStore {
  readonly #options: MessageDBEventStoreOptions;
  readonly #listeners = new Listeners();
  #client: Promise<SqlClient> | undefined;
  /** Set by `close()`: new calls are refused; calls already running may finish. */
  #closed = false;
  #closing: Promise<void> | undefined;
  readonly #inflight = new InFlight();
  /** The poll behind `subscribe`, loaded on the first subscription (stores that never subscribe skip it). */
  #poller: PositionPoller | undefined;
  #pollerLoading: Promise<void> | undefined;

  constructor(options: MessageDBEventStoreOptions = {}) {
    checkConnectionOptions(options);
    this.#options = options;
  }

  /**
   * Opens a store and checks the database right away (reachable, MessageDB installed), instead
   * of at the first read or write.
   *
   * @example
   * const store = await MessageDBEventStore.open({ databaseUri: process.env.DATABASE_URL });
   */
  static async open(options: MessageDBEventStoreOptions = {}): Promise<MessageDBEventStore> {
    const store = new MessageDBEventStore(options);
    await store.ready();
    return store;
  }

  /** Resolves once the database is reachable and MessageDB is installed; throws StoreError otherwise. */
  async ready(): Promise<void> {
    await this.#track(() => this.#connection());
  }

  append(streams: readonly StreamAppend[]): Promise<AppendResult[]> {
    return this.#track(() => this.#append(streams));
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): Promise<Message[]> {
    return this.#track(() => this.#readStream(streamName, options));
  }

  readSnapshotAndTail(streamName: string, snapshotStreamName: string): Promise<SnapshotAndTail> {
    return this.#track(() => this.#readSnapshotAndTail(streamName, snapshotStreamName));
  }

  readCategory(category: string, options: ReadCategoryOptions = {}): Promise<Message[]> {
    return this.#track(() => this.#readCategory(category, options));
  }

  lastMessage(streamName: string, options: { type?: string } = {}): Promise<Message | null> {
    return this.#track(() => this.#lastMessage(streamName, options));
  }

  streamVersion(streamName: string): Promise<number> {
    return this.#track(() => this.#streamVersion(streamName));
  }

  async #append(streams: readonly StreamAppend[]): Promise<AppendResult[]> {
    validateAppend(streams);
    const client = await this.#connection();
    let rows: Awaited<ReturnType<SqlClient["query"]>>;
    try {
      rows = await client.query(...writeStatement(streams));
    } catch (error) {
      throw await this.#appendError(client, error, streams);
    }
    // Rows come in write order, so the last row of a stream is its last message.
    const last = new Map<string, { position: number; globalPosition: number }>();
    for (const row of rows) {
      last.set(String(row.stream_name), {
        position: Number(row.position),
        globalPosition: Number(row.global_position),
      });
    }
    const results = streams.map(({ streamName }) => ({
      streamName,
      position: last.get(streamName)?.position ?? -1,
      globalPosition: last.get(streamName)?.globalPosition ?? -1,
    }));
    if (this.#listeners.size > 0) await this.#notify(client, streams, results);
    return results;
  }

  async #readStream(streamName: string, options: ReadStreamOptions): Promise<Message[]> {
    const batchSize = positiveInteger(options.batchSize ?? READ_BATCH, "readStream: batchSize");
    const to = options.toPosition ?? Number.POSITIVE_INFINITY;
    let position = options.fromPosition ?? 0;
    const messages: Message[] = [];
    for (;;) {
      const limit = Math.min(batchSize, to - position + 1);
      if (limit <= 0) return messages;
      const rows = await this.#query(READ_STREAM, [streamName, position, limit]);
      for (const row of rows) messages.push(toMessage(row));
      if (rows.length < limit) return messages;
      position = (messages[messages.length - 1] as Message).position + 1;
    }
  }

  async #readSnapshotAndTail(
    streamName: string,
    snapshotStreamName: string,
  ): Promise<SnapshotAndTail> {
    const rows = await this.#query(READ_SNAPSHOT_AND_TAIL, [
      streamName,
      snapshotStreamName,
      READ_BATCH,
    ]);
    let snapshot: Message | null = null;
    const events: Message[] = [];
    for (const row of rows) {
      if (row.is_snapshot === true) snapshot = toMessage(row);
      else events.push(toMessage(row));
    }
    events.sort((a, b) => a.position - b.position);
    const last = events[events.length - 1];
    if (last && events.length === READ_BATCH) {
      events.push(...(await this.#readStream(streamName, { fromPosition: last.position + 1 })));
    }
    return { snapshot, events };
  }

  async #readCategory(category: string, options: ReadCategoryOptions): Promise<Message[]> {
    assertConsumerGroup(options);
    const rows = await this.#query(READ_CATEGORY, [
      category,
      options.fromGlobalPosition ?? 1,
      positiveInteger(options.batchSize ?? 1000, "readCategory: batchSize"),
      options.correlation ?? null,
      options.consumerGroupMember ?? null,
      options.consumerGroupSize ?? null,
    ]);
    return rows.map(toMessage);
  }

  async #lastMessage(streamName: string, options: { type?: string }): Promise<Message | null> {
    const [row] = await this.#query(LAST_MESSAGE, [streamName, options.type ?? null]);
    return row ? toMessage(row) : null;
  }

  async #streamVersion(streamName: string): Promise<number> {
    const [row] = await this.#query(STREAM_VERSION, [streamName]);
    return row?.version == null ? -1 : Number(row.version);
  }

  /**
   * Calls `listener` with committed messages: this store's appends at once, and writes by anyone
   * else (other processes, Eventide, plain SQL) within about `subscribePoll.intervalMs`. Each
   * message is delivered once. Polling runs only while someone listens.
   *
   * @example
   * const stop = store.subscribe((messages) => console.log(messages.map((m) => m.streamName)));
   * stop();
   */
  subscribe(listener: MessagesListener): () => void {
    if (this.#closed) return () => {};
    const remove = this.#listeners.add(listener);
    this.#startPoll();
    return () => {
      remove();
      if (this.#listeners.size === 0) void this.#poller?.stop();
    };
  }

  /**
   * Resolves once `subscribe`'s poll knows where it starts: anything committed after this is
   * delivered to the listeners (at once when nobody listens or the poll is off).
   *
   * @example
   * const stop = store.subscribe(onMessages);
   * await store.listening();
   */
  async listening(): Promise<void> {
    await this.#pollerLoading?.catch(() => {});
    if (this.#listeners.size > 0) await this.#poller?.started();
  }

  #startPoll(): void {
    // Embedded PGlite has no other process to hear: its poll is opt-in (SQL run on the same instance).
    const remote = this.#options.databaseUri !== undefined || this.#options.pool !== undefined;
    const poll = this.#options.subscribePoll ?? (remote ? {} : false);
    if (poll === false) return;
    if (this.#poller) {
      this.#poller.start();
      return;
    }
    this.#pollerLoading ??= import("./position-poller.js").then(({ PositionPoller, POLL_SQL }) => {
      this.#poller = new PositionPoller(
        async (after, late, limit) =>
          (await this.#query(POLL_SQL.readAfter, [after, late, limit])).map(toMessage),
        async () => Number((await this.#query(POLL_SQL.latest, []))[0]?.position ?? 0),
        (messages) => this.#listeners.emit(messages),
        poll,
      );
      if (this.#listeners.size > 0 && !this.#closed) this.#poller.start();
    });
  }

  /**
   * Read-only listings for tools (the devtools bridge): categories, a category's streams, the
   * whole store in global order, each read in pages by key. Loaded on first use.
   *
   * @example
   * const categories = await (await store.catalog()).categories({ limit: 50 });
   */
  async catalog(): Promise<MessageDbCatalog> {
    const { MessageDbCatalog } = await import("./catalog.js");
    return new MessageDbCatalog((statement, values) =>
      this.#track(() => this.#query(statement, values)),
    );
  }

  /**
   * Refuses new calls, waits for the calls still running (up to `closeTimeoutMs`), fails those
   * that have not finished with a StoreError, then ends the pool or PGlite the store opened (a
   * pool or PGlite you passed in stays open). Every call made before `close` settles.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    await this.#pollerLoading?.catch(() => {});
    await this.#poller?.stop();
    const bound = this.#options.closeTimeoutMs ?? 5000;
    const finished = await this.#inflight.settled(bound);
    if (!finished) {
      this.#inflight.abandon(
        new StoreError(
          `MessageDBEventStore was closed while this call was still running (close waited ${bound} ms): an append may or may not have been written; read the stream to find out.`,
        ),
      );
    }
    const client = this.#client;
    this.#client = undefined;
    const opened = client ? await client.catch(() => null) : null;
    // pg's pool.end() waits for checked-out connections: a statement stuck on a lock must not
    // hold close() past its bound.
    if (opened)
      await withinMs(
        opened.close().catch(() => {}),
        finished ? bound : 0,
      );
  }

  #track<T>(work: () => Promise<T>): Promise<T> {
    if (this.#closed) {
      return Promise.reject(new StoreError("MessageDBEventStore is closed: create a new one."));
    }
    return this.#inflight.run(work);
  }

  async #query(statement: Statement, values: readonly unknown[]) {
    const client = await this.#connection();
    try {
      return await client.query(statement, values);
    } catch (error) {
      throw translateError(error, this.#errorContext(client));
    }
  }

  #connection(): Promise<SqlClient> {
    if (this.#closed && !this.#client) {
      return Promise.reject(new StoreError("MessageDBEventStore is closed: create a new one."));
    }
    if (!this.#client) {
      const opening = this.#open();
      this.#client = opening;
      // A failed open (server down, not installed) is retried by the next call, not cached.
      opening.catch(() => {
        if (this.#client === opening) this.#client = undefined;
      });
    }
    return this.#client;
  }

  async #open(): Promise<SqlClient> {
    const client = await openSqlClient(this.#options);
    try {
      await this.#checkSchema(client);
      return client;
    } catch (error) {
      await client.close().catch(() => {});
      throw translateError(error, this.#errorContext(client));
    }
  }

  async #checkSchema(client: SqlClient): Promise<void> {
    const [state] = await client.query(SCHEMA_CHECK);
    if (state?.installed !== true) {
      if (this.#options.installSchema ?? client.embedded) {
        const { installOn } = await import("./installer.js");
        await installOn(client);
        await client.installed?.();
        return;
      }
      throw new StoreError(
        `MessageDB at ${client.label}: the MessageDB schema is not installed. ${this.#installHint(client)}`,
      );
    }
    const pinned = String(state.config).includes("search_path=");
    if (!pinned && !String(state.search_path).includes("message_store")) {
      throw new StoreError(
        `MessageDB at ${client.label}: its functions cannot find each other (search_path lacks message_store). Run the installer once more, it pins their search_path: ${this.#installHint(client)}`,
      );
    }
  }

  #installHint(client: SqlClient): string {
    return client.embedded
      ? "Call installMessageDb({ pglite }) from strata/messagedb, or leave installSchema on."
      : `Run: npx strata-es messagedb install --database-url ${this.#options.databaseUri ? client.label : "<your database URL>"}`;
  }

  #errorContext(client: SqlClient, appends?: readonly StreamAppend[]) {
    return {
      label: client.label,
      installHint: this.#installHint(client),
      ...(appends ? { appends } : {}),
    };
  }

  async #appendError(
    client: SqlClient,
    error: unknown,
    streams: readonly StreamAppend[],
  ): Promise<Error> {
    const translated = translateError(error, this.#errorContext(client, streams));
    if (
      translated instanceof ExpectedVersionError &&
      (error as { code?: unknown }).code === "23505"
    ) {
      // The duplicate key names the position that collided, not the stream's version now.
      const actual = await this.#streamVersion(translated.streamName).catch(() => null);
      if (actual !== null) {
        return new ExpectedVersionError(translated.streamName, translated.expectedVersion, actual, {
          cause: error,
        });
      }
    }
    return translated;
  }

  async #notify(
    client: SqlClient,
    streams: readonly StreamAppend[],
    results: readonly AppendResult[],
  ): Promise<void> {
    const ranges = streams.map(({ streamName, messages }, i) => ({
      stream_name: streamName,
      position: (results[i] as AppendResult).position - messages.length + 1,
      count: messages.length,
    }));
    try {
      const rows = await client.query(READ_WRITTEN, [JSON.stringify(ranges)]);
      const messages = rows.map(toMessage);
      this.#listeners.emit(this.#poller ? this.#poller.claim(messages) : messages);
    } catch {
      // The append is committed; a failed read-back must not turn it into an error.
    }
  }
}
