import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { type Message, uuid } from "../../core/store-kit.js";
import { identityDomain } from "../conformance/identity-fixture.js";
import { IndexedDBEventStore } from "./indexeddb-event-store.js";
import { SCHEMA_VERSION } from "./schema.js";

const open = (databaseName: string) =>
  new IndexedDBEventStore({ databaseName, indexedDB, IDBKeyRange });

describe("IndexedDBEventStore persistence and tabs", () => {
  it("keeps aggregates across a reopen (a page reload) at the same version and state", async () => {
    const name = `strata-${uuid()}`;
    const first = identityDomain(open(name), { snapshotThreshold: 5 });
    const user = first.User.register("ada@example.com");
    for (let i = 0; i < 7; i++) user.rename(`Ada ${i}`);
    await first.users.add(user);
    await first.identity.close();

    const second = identityDomain(open(name), { snapshotThreshold: 5 });
    const loaded = await second.users.get(user.id);
    expect(loaded._version).toBe(7);
    expect(loaded.toJSON()).toEqual(user.toJSON());
    await second.identity.close();
  });

  it("opens at the current schema version (Dexie stores version N as N * 10)", async () => {
    const name = `strata-${uuid()}`;
    const store = open(name);
    await store.streamVersion("a-1");
    const version = await new Promise<number>((resolve) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => {
        resolve(request.result.version);
        request.result.close();
      };
    });
    expect(version).toBe(SCHEMA_VERSION * 10);
    await store.close();
  });

  it("tells a subscriber of another store on the same database (another tab) about appends", async () => {
    const name = `strata-${uuid()}`;
    const writer = open(name);
    const reader = open(name);
    const seen: Message[] = [];
    reader.subscribe((batch) => seen.push(...batch));
    await writer.append([
      {
        streamName: "a-1",
        messages: [{ id: uuid(), type: "Counted", data: { n: 1 } }],
        expectedVersion: -1,
      },
      {
        streamName: "b-1",
        messages: [{ id: uuid(), type: "Counted", data: { n: 2 } }],
        expectedVersion: -1,
      },
    ]);
    await expect.poll(() => seen.length, { timeout: 500 }).toBe(2);
    expect(seen.map((m) => [m.streamName, m.position, m.data])).toEqual([
      ["a-1", 0, { n: 1 }],
      ["b-1", 0, { n: 2 }],
    ]);
    await writer.close();
    await reader.close();
  });
});
