import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { expect, it } from "vitest";
import { uuid } from "../../core/store-kit.js";
import { IndexedDBEventStore } from "./indexeddb-event-store.js";

it("fills a filtered category batch with matching messages only (filter before limit)", async () => {
  const store = new IndexedDBEventStore({
    databaseName: `strata-${uuid()}`,
    indexedDB,
    IDBKeyRange,
  });
  const correlated = (i: number) => ({
    id: uuid(),
    type: `T${i}`,
    data: {},
    metadata: { correlationStreamName: i % 2 ? "order-1" : "invoice-1" },
  });
  await store.append([
    {
      streamName: "c-1",
      messages: Array.from({ length: 6 }, (_, i) => correlated(i)),
      expectedVersion: -1,
    },
  ]);
  const batch = await store.readCategory("c", { correlation: "order", batchSize: 2 });
  expect(batch.map((m) => m.type)).toEqual(["T1", "T3"]);
  const next = await store.readCategory("c", {
    correlation: "order",
    batchSize: 2,
    fromGlobalPosition: (batch[1]?.globalPosition ?? 0) + 1,
  });
  expect(next.map((m) => m.type)).toEqual(["T5"]);
  await store.close();
});
