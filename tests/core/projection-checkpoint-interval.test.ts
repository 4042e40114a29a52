import { expect, it } from "vitest";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import { Domain, defineProjection, uuid } from "../../core/index.js";

const count = (n: number) => n + 1;

it("with checkpointIntervalMs, writes fewer checkpoints and a restart still folds each message once", async () => {
  const store = new MemoryEventStore();
  for (let i = 0; i < 10; i++) {
    await store.append([
      {
        streamName: `todo-${i}`,
        expectedVersion: null,
        messages: Array.from({ length: 5 }, () => ({ id: uuid(), type: "Added", data: {} })),
      },
    ]);
  }
  const open = () =>
    defineProjection<number>(new Domain("todos", { eventStore: store }), "counted", {
      version: 1,
      categories: ["todo"],
      initialState: 0,
      batchSize: 10,
      checkpointIntervalMs: 60_000,
      handlers: { Added: count },
    });
  const first = open();
  await first.start();
  expect(first.getSnapshot().view).toBe(50);
  await first.stop();
  // 5 batches; only the first was saved, the others fell inside the interval.
  const checkpoints = await store.readStream(first.positionStreamName);
  expect(checkpoints).toHaveLength(1);
  expect(checkpoints[0]?.data).toMatchObject({ view: 10, positions: { todo: 10 } });

  const second = open();
  await second.start();
  expect(second.getSnapshot().view).toBe(50);
  await second.stop();
});
