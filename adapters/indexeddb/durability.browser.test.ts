import { afterEach, describe, expect, it } from "vitest";
import { ConfigurationError, uuid } from "../../core/index.js";
import { message } from "../conformance/event-store-conformance.js";
import { IndexedDBEventStore, type IndexedDBEventStoreOptions } from "./index.js";

// What Chromium's IndexedDB was asked for: the options of every read-write transaction.
const asked: (string | undefined)[] = [];
const original = IDBDatabase.prototype.transaction;
IDBDatabase.prototype.transaction = function (
  this: IDBDatabase,
  names: string | string[],
  mode?: IDBTransactionMode,
  options?: IDBTransactionOptions,
) {
  if (mode === "readwrite") asked.push(options?.durability);
  return original.call(this, names, mode, options);
} as typeof original;

const opened: IndexedDBEventStore[] = [];
async function appendOnce(options: Partial<IndexedDBEventStoreOptions>) {
  const databaseName = `strata-durability-${uuid()}`;
  const store = new IndexedDBEventStore({ databaseName, ...options });
  opened.push(store);
  await store.append([{ streamName: "user-1", messages: [message("A")], expectedVersion: -1 }]);
  return store;
}

describe("IndexedDB durability in Chromium", () => {
  afterEach(async () => {
    for (const store of opened.splice(0)) {
      await store.close();
      indexedDB.deleteDatabase(store.databaseName);
    }
    asked.length = 0;
  });

  it("asks for strict durability by default: a committed append is on disk", async () => {
    const store = await appendOnce({});
    expect(store.durability).toBe("strict");
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked)).toEqual(new Set(["strict"]));
  });

  it("asks for relaxed durability when the app chooses it", async () => {
    await appendOnce({ durability: "relaxed" });
    expect(new Set(asked)).toEqual(new Set(["relaxed"]));
  });

  it("refuses another value at construction", () => {
    expect(() => new IndexedDBEventStore({ durability: "fast" as unknown as "strict" })).toThrow(
      ConfigurationError,
    );
  });
});
