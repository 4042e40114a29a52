import { describe, expect, it } from "vitest";
import { StoreError } from "../../core/index.js";
import { eventStoreConformance, message } from "../conformance/event-store-conformance.js";
import { MemoryEventStore } from "./memory-event-store.js";

eventStoreConformance("MemoryEventStore", async () => ({ store: new MemoryEventStore() }));

describe("MemoryEventStore writes an append whole or not at all", () => {
  it("writes neither stream when the second stream's data cannot be copied", async () => {
    const store = new MemoryEventStore();
    const seen: unknown[] = [];
    store.subscribe((m) => seen.push(...m));
    const error = await store
      .append([
        { streamName: "a-1", messages: [message("A", { n: 1 })], expectedVersion: -1 },
        {
          streamName: "b-1",
          // structuredClone refuses functions: the copy of this message fails.
          messages: [message("B", { f: (() => 1) as unknown as number })],
          expectedVersion: -1,
        },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain("b-1");
    expect((error as StoreError).retryable).toBe(false);
    expect(await store.streamVersion("a-1")).toBe(-1);
    expect(await store.streamVersion("b-1")).toBe(-1);
    expect(await store.readCategory("a")).toEqual([]);
    expect(seen).toEqual([]);
    // Positions and global positions are not burnt by the failed append.
    await store.append([{ streamName: "a-1", messages: [message("A")], expectedVersion: -1 }]);
    expect((await store.readStream("a-1"))[0]).toMatchObject({ position: 0, globalPosition: 1 });
  });
});
