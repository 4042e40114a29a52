import { afterAll, expect, it } from "vitest";
import { Domain, defineProjection, type Message, uuid } from "../../core/index.js";
import { IndexedDBEventStore } from "./indexeddb-event-store.js";

// Two tabs in Chromium: two stores on one database (each its own IndexedDB connection and
// BroadcastChannel, as two tabs have), each running the same projection. Both stay live from the
// other's writes, and the position stream gets each checkpoint once, not once per tab.
const databaseName = `strata-${uuid()}`;
const tabs = [new IndexedDBEventStore({ databaseName }), new IndexedDBEventStore({ databaseName })];
afterAll(async () => {
  await Promise.all(tabs.map((store) => store.close()));
  indexedDB.deleteDatabase(databaseName);
});

const count = (view: number, _data: unknown, _m: Message) => view + 1;

it("two tabs run one projection: both views follow both tabs' writes, one checkpoint per position", async () => {
  const projections = tabs.map((store) =>
    defineProjection(new Domain("tabs", { eventStore: store }), "counter", {
      version: 1,
      categories: ["todo"],
      initialState: 0,
      pollIntervalMs: 5000, // liveness must come from the cross-tab notification, not the poll
      handlers: { Added: count },
    }),
  );
  await Promise.all(projections.map((p) => p.start()));
  for (let i = 0; i < 10; i++) {
    const writer = tabs[i % 2] as IndexedDBEventStore;
    await writer.append([
      {
        streamName: `todo-${i}`,
        messages: [{ id: uuid(), type: "Added", data: { i } }],
        expectedVersion: -1,
      },
    ]);
    // The other tab sees it without polling.
    const other = projections[(i + 1) % 2];
    await expect.poll(() => other?.getSnapshot().view, { timeout: 2000 }).toBe(i + 1);
  }
  await Promise.all(projections.map((p) => p.waitFor()));
  expect(projections.map((p) => p.getSnapshot().view)).toEqual([10, 10]);
  const checkpoints = (await tabs[0]?.readStream("counter:position-0"))?.filter(
    (m) => m.type === "Checkpoint",
  );
  const positions = checkpoints?.map((m) => JSON.stringify(m.data.positions)) ?? [];
  expect(positions.length).toBeGreaterThan(0);
  expect(new Set(positions).size).toBe(positions.length);
  expect(checkpoints?.at(-1)?.data).toMatchObject({ version: 1, view: 10 });
  await Promise.all(projections.map((p) => p.stop()));
});
