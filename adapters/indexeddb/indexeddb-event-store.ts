import { Dexie } from "dexie";
import {
  type AppendResult,
  ConfigurationError,
  categoryOf,
  type EventStore,
  ExpectedVersionError,
  type Message,
  type MessagesListener,
  type ReadCategoryOptions,
  type ReadStreamOptions,
  StoreError,
  type StreamAppend,
} from "../../core/store-kit.js";
import { categoryFilter } from "../shared/consumer-group-filter.js";
import { Listeners } from "../shared/listeners.js";
import { validateAppend } from "../shared/validate-append.js";
import { type CommitNotice, CrossTabChannel } from "./cross-tab.js";
import { toMessage } from "./message-record.js";
import {
  type Durability,
  defineDatabase,
  type IndexedDBGlobals,
  type MessageRecord,
  type MessagesTable,
  type NewMessageRecord,
} from "./schema.js";
import { toStoreError } from "./store-errors.js";

/** Options of `new IndexedDBEventStore`. */
export interface IndexedDBEventStoreOptions extends IndexedDBGlobals {
  /** IndexedDB database name (the `databaseUri` of `{ provider: "indexeddb" }`); default "strata". */
  databaseName?: string;
  /**
   * How long an open may wait for other tabs to close an older version of the database before it
   * fails with a StoreError (default 3000 ms). Tabs running Strata close theirs at once.
   */
  blockedTimeoutMs?: number;
  /**
   * When an append counts as committed (default `"strict"`): `"strict"` once the browser has
   * flushed it to disk; `"relaxed"` once the OS has it, which Chromium (121+) does by default for
   * IndexedDB and which a power loss or OS crash in the next seconds can undo. Relaxed is faster
   * per append (see README, Benchmarks); choose it only for data you can lose.
   */
  durability?: Durability;
}

/**
 * An event store in the browser's IndexedDB (through Dexie), for offline-first web apps.
 * Every append is one read-write transaction: all streams are checked against their expected
 * version and written, or nothing is. Subscribers hear about appends made in this tab and in other
 * tabs of the same origin.
 *
 * @example
 * const identity = new Domain("identity", { eventStore: new IndexedDBEventStore({ databaseName: "my-app" }) });
 * // In Node: new IndexedDBEventStore({ indexedDB, IDBKeyRange }) with both from "fake-indexeddb".
 */
export class IndexedDBEventStore implements EventStore {
  readonly databaseName: string;
  readonly durability: Durability;
  readonly #db: Dexie;
  readonly #messages: MessagesTable;
  readonly #listeners = new Listeners();
  readonly #channel: CrossTabChannel;
  readonly #blockedTimeoutMs: number;
  #opening: Promise<void> | undefined;
  /** Other tabs' commits are read and emitted one after another, so subscribers see global order. */
  #remoteQueue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: IndexedDBEventStoreOptions = {}) {
    this.databaseName = options.databaseName ?? "strata";
    this.#blockedTimeoutMs = options.blockedTimeoutMs ?? 3000;
    const durability = options.durability ?? "strict";
    if (durability !== "strict" && durability !== "relaxed") {
      throw new ConfigurationError(
        `IndexedDBEventStore: durability must be "strict" or "relaxed", got ${JSON.stringify(durability)}.`,
      );
    }
    this.durability = durability;
    const { db, messages } = defineDatabase(this.databaseName, options, durability);
    this.#db = db;
    this.#messages = messages;
    this.#channel = new CrossTabChannel(this.databaseName, (notice) => this.#onRemote(notice));
  }

  async append(streams: readonly StreamAppend[]): Promise<AppendResult[]> {
    await this.#ready();
    validateAppend(streams);
    const time = Date.now();
    let written: MessageRecord[];
    let results: AppendResult[];
    try {
      [written, results] = await this.#db.transaction("rw", this.#messages, async () => {
        const versions = await Promise.all(streams.map((s) => this.#version(s.streamName)));
        const records: NewMessageRecord[] = [];
        const results: { streamName: string; position: number; globalPosition: number }[] = [];
        streams.forEach(({ streamName, messages, expectedVersion }, i) => {
          const actual = versions[i] as number;
          if (expectedVersion !== null && expectedVersion !== actual) {
            throw new ExpectedVersionError(streamName, expectedVersion, actual);
          }
          const category = categoryOf(streamName);
          let position = actual;
          for (const m of messages) {
            records.push({
              streamName,
              position: ++position,
              category,
              id: m.id,
              type: m.type,
              data: m.data,
              metadata: m.metadata ?? null,
              time: new Date(time),
            });
          }
          // Filled below, once IndexedDB has assigned the keys.
          results.push({ streamName, position, globalPosition: records.length - 1 });
        });
        const keys = await this.#messages.bulkAdd(records, { allKeys: true });
        // IndexedDB assigned the global positions; the records become what a read returns.
        records.forEach((r, i) => {
          (r as { globalPosition?: number }).globalPosition = keys[i] as number;
        });
        for (const result of results) result.globalPosition = keys[result.globalPosition] as number;
        return [records as MessageRecord[], results] as const;
      });
    } catch (error) {
      throw toStoreError(error, this.databaseName, "append");
    }
    const first = written[0];
    const last = written[written.length - 1];
    if (first && last) {
      this.#channel.post({ from: first.globalPosition, to: last.globalPosition });
      if (this.#listeners.size > 0) this.#listeners.emit(written.map(toMessage));
    }
    return results;
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<Message[]> {
    await this.#ready();
    const from = options.fromPosition ?? 0;
    const to = options.toPosition ?? Dexie.maxKey;
    if (typeof to === "number" && to < from) return [];
    // One indexed range read: IndexedDB is local, so paging by batchSize would only add round trips.
    const records = await this.#run("readStream", () =>
      this.#messages
        .where("[streamName+position]")
        .between([streamName, from], [streamName, to], true, true)
        .toArray(),
    );
    return records.map(toMessage);
  }

  async readCategory(category: string, options: ReadCategoryOptions = {}): Promise<Message[]> {
    await this.#ready();
    const keep = await categoryFilter(options);
    const filtered = options.correlation !== undefined || options.consumerGroupSize !== undefined;
    const from = options.fromGlobalPosition ?? 1;
    const records = await this.#run("readCategory", () => {
      let range = this.#messages
        .where("[category+globalPosition]")
        .between([category, from], [category, Dexie.maxKey], true, true);
      if (filtered) range = range.filter(keep);
      return range.limit(options.batchSize ?? 1000).toArray();
    });
    return records.map(toMessage);
  }

  async lastMessage(streamName: string, options: { type?: string } = {}): Promise<Message | null> {
    await this.#ready();
    const { type } = options;
    const record = await this.#run("lastMessage", () => {
      let range = this.#streamRange(streamName).reverse();
      if (type !== undefined) range = range.filter((r) => r.type === type);
      return range.first();
    });
    return record ? toMessage(record) : null;
  }

  async streamVersion(streamName: string): Promise<number> {
    await this.#ready();
    return this.#run("streamVersion", () => this.#version(streamName));
  }

  subscribe(listener: MessagesListener): () => void {
    return this.#listeners.add(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    this.#channel.close();
    this.#db.close();
  }

  #streamRange(streamName: string) {
    return this.#messages
      .where("[streamName+position]")
      .between([streamName, Dexie.minKey], [streamName, Dexie.maxKey], true, true);
  }

  /** The stream's last position (-1 when empty), from the index alone: no record is read. */
  async #version(streamName: string): Promise<number> {
    const [last] = await this.#streamRange(streamName).reverse().limit(1).keys();
    return last === undefined ? -1 : (last as unknown as [string, number])[1];
  }

  async #run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toStoreError(error, this.databaseName, operation);
    }
  }

  /** Opens the database on first use, and again after another tab's upgrade or delete closed it. */
  async #ready(): Promise<void> {
    if (this.#closed) {
      throw new StoreError(
        `IndexedDBEventStore "${this.databaseName}" is closed: create a new one to keep using the database.`,
      );
    }
    if (this.#db.isOpen()) return;
    this.#opening ??= this.#open().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  #open(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onBlocked = () => {
        timer ??= setTimeout(() => {
          this.#db.close();
          reject(
            new StoreError(
              `IndexedDB database "${this.databaseName}" could not be opened: another tab keeps an older version of it open. Close or reload the other tabs of this app.`,
            ),
          );
        }, this.#blockedTimeoutMs);
      };
      this.#db.on("blocked", onBlocked);
      const done = () => {
        clearTimeout(timer);
        this.#db.on("blocked").unsubscribe(onBlocked);
      };
      this.#db.open().then(
        () => {
          done();
          resolve();
        },
        (error: unknown) => {
          done();
          reject(toStoreError(error, this.databaseName, "open"));
        },
      );
    });
  }

  #onRemote({ from, to }: CommitNotice): void {
    if (this.#listeners.size === 0 || this.#closed) return;
    this.#remoteQueue = this.#remoteQueue.then(async () => {
      try {
        await this.#ready();
        const records = await this.#messages.where(":id").between(from, to, true, true).toArray();
        this.#listeners.emit(records.map(toMessage));
      } catch {
        // A closed or failing store has no one left to tell; the next append surfaces the error.
      }
    });
  }
}
