import { IDBKeyRange, IDBObjectStore, indexedDB } from "fake-indexeddb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Domain, type NewMessage, StoreError, uuid } from "../../core/store-kit.js";
import "./index.js";
import { IndexedDBEventStore } from "./indexeddb-event-store.js";

const message = (): NewMessage => ({ id: uuid(), type: "Counted", data: {} });
const open = (databaseName = `strata-${uuid()}`, blockedTimeoutMs?: number) =>
  new IndexedDBEventStore({
    databaseName,
    indexedDB,
    IDBKeyRange,
    ...(blockedTimeoutMs === undefined ? {} : { blockedTimeoutMs }),
  });

/** Opens `name` at an IndexedDB version with plain IndexedDB, as another app version or tab would. */
const rawOpen = (name: string, version: number) =>
  new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => request.result.createObjectStore("other");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

describe("IndexedDBEventStore errors", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("surfaces QuotaExceededError half-way through an append as a StoreError and writes nothing", async () => {
    const store = open();
    await store.append([{ streamName: "a-1", messages: [message()], expectedVersion: -1 }]);
    const add = IDBObjectStore.prototype.add;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, "add").mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore["add"]>
    ) {
      if (++calls === 3)
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return add.apply(this, args);
    });
    const error = await store
      .append([
        { streamName: "a-1", messages: [message(), message()], expectedVersion: 0 },
        { streamName: "b-1", messages: [message()], expectedVersion: -1 },
      ])
      .catch((e: unknown) => e);
    vi.restoreAllMocks();
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/out of storage quota during append/);
    expect(JSON.stringify((error as Error).cause)).not.toBe(undefined);
    expect(await store.streamVersion("a-1")).toBe(0);
    expect(await store.streamVersion("b-1")).toBe(-1);
    await store.close();
  });

  it("fails an open blocked by another tab's older connection with a StoreError, then opens once it closes", async () => {
    const name = `strata-${uuid()}`;
    const older = await rawOpen(name, 1); // never closes on versionchange, like a stuck tab
    const store = open(name, 0);
    const error = await store.streamVersion("a-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/another tab keeps an older version of it open/);
    older.close();
    await expect.poll(() => store.streamVersion("a-1").catch(() => "failed")).toBe(-1);
    await store.close();
  });

  it("fails an open that IndexedDB refuses (broken profile, private mode) with a StoreError and its cause", async () => {
    const refused = new DOMException("Internal error opening backing store.", "UnknownError");
    const brokenIndexedDB = {
      open: (): IDBOpenDBRequest => {
        throw refused;
      },
    };
    const store = new IndexedDBEventStore({ indexedDB: brokenIndexedDB, IDBKeyRange });
    const error = await store.readStream("a-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/Could not open IndexedDB database "strata"/);
    expect((error as Error).message).toMatch(/Internal error opening backing store/);
    expect((error as Error).cause).toBeDefined();
    await store.close();
  });

  it("refuses every call after close() with a StoreError", async () => {
    const store = open();
    await store.append([{ streamName: "a-1", messages: [message()], expectedVersion: -1 }]);
    await store.close();
    await expect(store.readStream("a-1")).rejects.toThrow(StoreError);
    await expect(
      store.append([{ streamName: "a-1", messages: [message()], expectedVersion: 0 }]),
    ).rejects.toThrow(/is closed/);
  });

  it("registers the indexeddb provider, and explains a missing IndexedDB in Node", async () => {
    const domain = new Domain("x", {
      eventStore: { provider: "indexeddb", databaseUri: "named" },
    });
    expect(domain.eventStore).toBeInstanceOf(IndexedDBEventStore);
    expect((domain.eventStore as IndexedDBEventStore).databaseName).toBe("named");
    await expect(domain.eventStore.streamVersion("a-1")).rejects.toThrow(
      /IndexedDB is not available here.*fake-indexeddb/,
    );
  });
});
