import { Dexie, type Table } from "dexie";
import type { JsonObject, MessageMetadata } from "../../core/store-kit.js";
import { SCHEMA_VERSIONS } from "./schema-versions.js";

export { SCHEMA_VERSION, SCHEMA_VERSIONS } from "./schema-versions.js";

/**
 * One message as IndexedDB holds it: the `Message` fields plus `category`, which IndexedDB
 * cannot compute from the stream name, so it is stored for the category index.
 */
export interface MessageRecord {
  /** Auto-incremented primary key: the message's global position. */
  readonly globalPosition: number;
  readonly streamName: string;
  readonly position: number;
  readonly category: string;
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: MessageMetadata | null;
  readonly time: Date;
}

/** A record before IndexedDB assigns its global position. */
export type NewMessageRecord = Omit<MessageRecord, "globalPosition">;

export type MessagesTable = Table<MessageRecord, number, NewMessageRecord>;

/** Where Dexie finds IndexedDB: the browser's globals unless injected (fake-indexeddb in Node). */
export interface IndexedDBGlobals {
  indexedDB?: { open: IDBFactory["open"] } | undefined;
  IDBKeyRange?:
    | {
        bound: typeof IDBKeyRange.bound;
        lowerBound: typeof IDBKeyRange.lowerBound;
        upperBound: typeof IDBKeyRange.upperBound;
      }
    | undefined;
}

/**
 * When IndexedDB reports a write complete: `strict` once it is flushed to disk, `relaxed` once the
 * OS has it (a power loss in the next seconds can take it back).
 */
export type Durability = "strict" | "relaxed";

/** A Dexie database with every schema version declared; it opens on first use. */
export function defineDatabase(
  name: string,
  globals: IndexedDBGlobals,
  durability: Durability = "strict",
): { db: Dexie; messages: MessagesTable } {
  const db = new Dexie(name, {
    // Chromium (121+) completes a relaxed read-write transaction before its data reaches the disk.
    chromeTransactionDurability: durability,
    ...(globals.indexedDB ? { indexedDB: globals.indexedDB } : {}),
    ...(globals.IDBKeyRange ? { IDBKeyRange: globals.IDBKeyRange } : {}),
    // Strata opens explicitly so a failed or blocked open becomes one clear StoreError.
    autoOpen: false,
    // No liveQuery runs on this database: the optimistic-update cache would be pure overhead.
    cache: "disabled",
  });
  for (const { version, stores } of SCHEMA_VERSIONS) db.version(version).stores(stores);
  return { db, messages: db.table("messages") };
}
