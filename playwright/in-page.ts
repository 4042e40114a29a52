// Functions Playwright runs inside the page. Playwright sends them as source text, so each one is
// self-contained: no imports, no helpers from this module, only plain IndexedDB, and only values
// that survive serialization go in and out (times as milliseconds).
import type { DatabaseLayout } from "./schema-layout.js";

/** A stored record as the page returns it: the IndexedDB store's record with `time` in ms. */
export interface PageRecord {
  readonly globalPosition: number;
  readonly streamName: string;
  readonly position: number;
  readonly category: string;
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: Record<string, unknown> | null;
  readonly time: number;
}

/** Which records to read. */
export type PageQuery =
  | { readonly kind: "stream"; readonly streamName: string; readonly fromPosition: number }
  | {
      readonly kind: "category";
      readonly category: string;
      readonly fromGlobalPosition: number;
      readonly limit: number;
    }
  | { readonly kind: "all" };

/** What a read found: nothing when the database does not exist in the page's origin. */
export interface PageRead {
  readonly exists: boolean;
  readonly origin: string;
  readonly records: PageRecord[];
}

/** Where seeding keeps its outcome, so reads wait for it and report its failure. */
export const SEED_KEY = "__strataEsSeed";

/**
 * Reads records with plain IndexedDB, after any seeding in progress. A database that does not
 * exist is not created: its creation is aborted, as opening it would otherwise leave an empty
 * database at version 1 that the app's store would then have to upgrade.
 */
export async function readInPage(args: {
  databaseName: string;
  query: PageQuery;
  seedKey: string;
}): Promise<PageRead> {
  const seeded = await (globalThis as Record<string, unknown>)[args.seedKey];
  if (seeded && typeof seeded === "object" && "error" in seeded) {
    throw new Error(String((seeded as { error: unknown }).error));
  }
  const origin = location.origin;
  if (origin === "null") {
    throw new Error(
      `strata-es/playwright cannot read IndexedDB database "${args.databaseName}": the page has no origin yet (${location.href}); open the app with page.goto first.`,
    );
  }
  return new Promise<PageRead>((resolve, reject) => {
    const request = indexedDB.open(args.databaseName);
    let absent = false;
    request.onupgradeneeded = () => {
      absent = true;
      request.transaction?.abort();
    };
    request.onerror = (event) => {
      event.preventDefault();
      if (absent) resolve({ exists: false, origin, records: [] });
      else reject(request.error);
    };
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => db.close();
      if (!db.objectStoreNames.contains("messages")) {
        db.close();
        resolve({ exists: false, origin, records: [] });
        return;
      }
      const store = db.transaction("messages", "readonly").objectStore("messages");
      const { query } = args;
      const read =
        query.kind === "stream"
          ? store
              .index("[streamName+position]")
              .getAll(
                IDBKeyRange.bound(
                  [query.streamName, query.fromPosition],
                  [query.streamName, Number.POSITIVE_INFINITY],
                ),
              )
          : query.kind === "category"
            ? store
                .index("[category+globalPosition]")
                .getAll(
                  IDBKeyRange.bound(
                    [query.category, query.fromGlobalPosition],
                    [query.category, Number.POSITIVE_INFINITY],
                  ),
                  query.limit,
                )
            : store.getAll();
      read.onsuccess = () => {
        db.close();
        const records = (read.result as (Omit<PageRecord, "time"> & { time: Date })[]).map((r) => ({
          ...r,
          time: r.time instanceof Date ? r.time.getTime() : Number(r.time),
        }));
        resolve({ exists: true, origin, records });
      };
      read.onerror = () => {
        db.close();
        reject(read.error);
      };
    };
  });
}

/** One stream's messages to write, already encoded as the store writes them. */
export interface SeedStream {
  readonly streamName: string;
  readonly category: string;
  readonly messages: readonly {
    readonly id: string;
    readonly type: string;
    readonly data: Record<string, unknown>;
    readonly metadata: Record<string, unknown> | null;
    readonly time: number;
  }[];
}

/** What a write stored: how many records, and their global positions. */
export interface PageWrite {
  readonly written: number;
  readonly from: number | null;
  readonly to: number | null;
}

/**
 * Appends messages as the IndexedDB store does (one read-write transaction; each stream continues
 * after its last position; `category` stored for the category index; `time` a Date). A database
 * that does not exist yet is created with the store's own layout. Messages whose id the stream
 * already holds are skipped, so seeding again on reload adds nothing. The readwrite transaction is
 * created in the open's success handler, before the app's code can open the database, so IndexedDB
 * runs it before any transaction of the app.
 */
export function writeInPage(args: {
  databaseName: string;
  layout: DatabaseLayout;
  streams: readonly SeedStream[];
  notify: boolean;
}): Promise<PageWrite> {
  const { databaseName, layout } = args;
  if (location.origin === "null") {
    return Promise.reject(
      new Error(
        `strata-es/playwright cannot write to IndexedDB database "${databaseName}": the page has no origin yet (${location.href}); open the app with page.goto first, or seed before it.`,
      ),
    );
  }
  return new Promise<PageWrite>((resolve, reject) => {
    const fail = (reason: string) =>
      reject(
        new Error(
          `strata-es/playwright could not write to IndexedDB database "${databaseName}" in ${location.origin}: ${reason}`,
        ),
      );
    let olderVersion: number | undefined;
    const request = indexedDB.open(databaseName, layout.version);
    request.onupgradeneeded = (event) => {
      if (event.oldVersion !== 0) {
        // Upgrading is the store's job (it may rewrite records); seeding never does it.
        olderVersion = event.oldVersion;
        request.transaction?.abort();
        return;
      }
      const db = request.result;
      for (const s of layout.stores) {
        const store = db.createObjectStore(s.name, {
          keyPath: s.keyPath,
          autoIncrement: s.autoIncrement,
        });
        for (const index of s.indexes) {
          store.createIndex(index.name, index.keyPath, {
            unique: index.unique,
            multiEntry: index.multiEntry,
          });
        }
      }
    };
    request.onerror = (event) => {
      event.preventDefault();
      if (olderVersion !== undefined) {
        fail(
          `it is at IndexedDB version ${olderVersion}, older than the store's ${layout.version}; let the app open it first, or seed a new database.`,
        );
      } else if (request.error?.name === "VersionError") {
        fail(
          `it is newer than IndexedDB version ${layout.version}, which this strata-es writes; use the strata-es version the app uses.`,
        );
      } else {
        fail(String(request.error?.message ?? request.error));
      }
    };
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => db.close();
      const tx = db.transaction("messages", "readwrite");
      const store = tx.objectStore("messages");
      const keys: number[] = [];
      for (const stream of args.streams) {
        const existing = store
          .index("[streamName+position]")
          .getAll(
            IDBKeyRange.bound(
              [stream.streamName, Number.NEGATIVE_INFINITY],
              [stream.streamName, Number.POSITIVE_INFINITY],
            ),
          );
        existing.onsuccess = () => {
          const records = existing.result as { id: string; position: number }[];
          const ids = new Set(records.map((r) => r.id));
          let position = records.length > 0 ? (records[records.length - 1]?.position ?? -1) : -1;
          for (const m of stream.messages) {
            if (ids.has(m.id)) continue;
            const add = store.add({
              streamName: stream.streamName,
              position: ++position,
              category: stream.category,
              id: m.id,
              type: m.type,
              data: m.data,
              metadata: m.metadata,
              time: new Date(m.time),
            });
            add.onsuccess = () => keys.push(add.result as number);
          }
        };
      }
      tx.oncomplete = () => {
        db.close();
        keys.sort((a, b) => a - b);
        const from = keys[0] ?? null;
        const to = keys[keys.length - 1] ?? null;
        if (args.notify && from !== null && typeof BroadcastChannel !== "undefined") {
          // The store's cross-tab channel: subscribers in this page and other tabs hear the write.
          const channel = new BroadcastChannel(`strata:indexeddb:${databaseName}`);
          channel.postMessage({ from, to });
          channel.close();
        }
        resolve({ written: keys.length, from, to });
      };
      tx.onabort = () => {
        db.close();
        fail(String(tx.error?.message ?? "the transaction was aborted"));
      };
    };
  });
}
