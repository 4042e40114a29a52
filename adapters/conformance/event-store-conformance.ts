import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EventStore,
  ExpectedVersionError,
  type Message,
  type NewMessage,
  readSnapshotAndTail,
  StrataError,
  uuid,
} from "../../core/store-kit.js";
import { consumerGroupMemberOf } from "../shared/consumer-group.js";
import { domainConformance } from "./domain-conformance.js";
import { inlineProjectionConformance } from "./inline-projection-conformance.js";
import { inputContractConformance } from "./input-contract-conformance.js";
import { modelConformance } from "./model-conformance.js";
import { projectionConformance } from "./projection-conformance.js";
import { snapshotTrustConformance } from "./snapshot-trust-conformance.js";

/** How a store's test file hands a fresh store to the suite, and cleans up after it. */
export interface StoreUnderTest {
  store: EventStore;
  /** Called once after the suite; drop databases, close pools. */
  teardown?: () => Promise<void>;
}

/** A fresh category name per test, so tests never see each other's streams. */
export const freshCategory = (prefix = "c") =>
  `${prefix}${uuid().replaceAll("-", "").slice(0, 12)}`;

export const message = (
  type: string,
  data: NewMessage["data"] = {},
  metadata?: NewMessage["metadata"],
): NewMessage => ({
  id: uuid(),
  type,
  data,
  ...(metadata ? { metadata } : {}),
});

const messages = (count: number, type = "Counted") =>
  Array.from({ length: count }, (_, i) => message(type, { n: i }));

/**
 * The one conformance suite every store runs unchanged (in Node, and in Chromium for IndexedDB).
 *
 * @example
 * eventStoreConformance("MemoryEventStore", async () => ({ store: new MemoryEventStore() }));
 */
export function eventStoreConformance(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`${name} conformance`, () => {
    let subject: StoreUnderTest;
    const store = () => subject.store;

    beforeAll(async () => {
      subject = await open();
    });
    afterAll(async () => {
      await subject?.store.close();
      await subject?.teardown?.();
    });

    describe("streams", () => {
      it("reports an unknown stream as version -1, empty, with no last message", async () => {
        const stream = `${freshCategory()}-1`;
        expect(await store().streamVersion(stream)).toBe(-1);
        expect(await store().readStream(stream)).toEqual([]);
        expect(await store().lastMessage(stream)).toBeNull();
      });

      it("appends with expected version -1 and numbers positions from 0", async () => {
        const stream = `${freshCategory()}-1`;
        const [result] = await store().append([
          { streamName: stream, messages: messages(3), expectedVersion: -1 },
        ]);
        const read = await store().readStream(stream);
        // The global position of the last message written: what read-your-writes waits for.
        expect(result).toEqual({
          streamName: stream,
          position: 2,
          globalPosition: read[2]?.globalPosition,
        });
        expect(read.map((m) => m.position)).toEqual([0, 1, 2]);
        expect(read.map((m) => m.data)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
        expect(await store().streamVersion(stream)).toBe(2);
        const globals = read.map((m) => m.globalPosition);
        expect(globals[1]).toBeGreaterThan(globals[0] as number);
        expect(globals[2]).toBeGreaterThan(globals[1] as number);
      });

      it("appends when the expected version matches and refuses when it does not, writing nothing", async () => {
        const stream = `${freshCategory()}-1`;
        await store().append([{ streamName: stream, messages: messages(1), expectedVersion: -1 }]);
        await store().append([{ streamName: stream, messages: messages(1), expectedVersion: 0 }]);
        const error = await store()
          .append([{ streamName: stream, messages: messages(2), expectedVersion: 0 }])
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ExpectedVersionError);
        expect(error).toMatchObject({ streamName: stream, expectedVersion: 0, actualVersion: 1 });
        expect((error as Error).message).toBe(
          `Wrong expected version: 0 (Stream: ${stream}, Stream Version: 1)`,
        );
        const second = await store()
          .append([{ streamName: stream, messages: messages(1), expectedVersion: -1 }])
          .catch((e: unknown) => e);
        expect(second).toMatchObject({ expectedVersion: -1, actualVersion: 1 });
        expect(await store().streamVersion(stream)).toBe(1);
      });

      it("appends at any version when expectedVersion is null", async () => {
        const stream = `${freshCategory()}-1`;
        await store().append([
          { streamName: stream, messages: messages(2), expectedVersion: null },
        ]);
        await store().append([
          { streamName: stream, messages: messages(1), expectedVersion: null },
        ]);
        expect(await store().streamVersion(stream)).toBe(2);
      });

      it("appends to several streams atomically: one conflict writes none of them", async () => {
        const category = freshCategory();
        const a = `${category}-a`;
        const b = `${category}-b`;
        await store().append([{ streamName: b, messages: messages(1), expectedVersion: -1 }]);
        const seen: Message[] = [];
        const unsubscribe = store().subscribe((m) => seen.push(...m));
        const error = await store()
          .append([
            { streamName: a, messages: messages(2), expectedVersion: -1 },
            { streamName: b, messages: messages(1), expectedVersion: -1 },
          ])
          .catch((e: unknown) => e);
        unsubscribe();
        expect(error).toBeInstanceOf(ExpectedVersionError);
        expect(error).toMatchObject({ streamName: b, expectedVersion: -1, actualVersion: 0 });
        expect(await store().streamVersion(a)).toBe(-1);
        expect(await store().streamVersion(b)).toBe(0);
        expect(seen).toEqual([]);

        const results = await store().append([
          { streamName: a, messages: messages(2), expectedVersion: -1 },
          { streamName: b, messages: messages(1), expectedVersion: 0 },
        ]);
        const [readA, readB] = await Promise.all([store().readStream(a), store().readStream(b)]);
        expect(results).toEqual([
          { streamName: a, position: 1, globalPosition: readA[1]?.globalPosition },
          { streamName: b, position: 1, globalPosition: readB[1]?.globalPosition },
        ]);
      });

      it("reports each stream's last global position for one message, and for many across streams", async () => {
        const category = freshCategory();
        const single = `${category}-single`;
        const [one] = await store().append([
          { streamName: single, messages: messages(1), expectedVersion: -1 },
        ]);
        const last = await store().lastMessage(single);
        expect(one).toEqual({
          streamName: single,
          position: 0,
          globalPosition: last?.globalPosition,
        });

        const streams = [`${category}-x`, `${category}-y`, `${category}-z`];
        const results = await store().append(
          streams.map((streamName, i) => ({
            streamName,
            messages: messages(i + 1),
            expectedVersion: -1,
          })),
        );
        const written = await store().readCategory(category, { fromGlobalPosition: 1 });
        for (const [i, streamName] of streams.entries()) {
          const ofStream = written.filter((m) => m.streamName === streamName);
          expect(results[i]).toEqual({
            streamName,
            position: i,
            globalPosition: ofStream[ofStream.length - 1]?.globalPosition,
          });
        }
        // Later appends report higher global positions than anything written before.
        expect(results[0]?.globalPosition).toBeGreaterThan(one?.globalPosition as number);
      });

      it("reads a stream of 2,500 messages completely, and from and to a position", async () => {
        const stream = `${freshCategory()}-long`;
        for (let i = 0; i < 5; i++) {
          await store().append([
            { streamName: stream, messages: messages(500), expectedVersion: i * 500 - 1 },
          ]);
        }
        const all = await store().readStream(stream);
        expect(all).toHaveLength(2500);
        expect(all.every((m, i) => m.position === i)).toBe(true);
        const tail = await store().readStream(stream, { fromPosition: 2400 });
        expect(tail.map((m) => m.position)).toEqual(
          Array.from({ length: 100 }, (_, i) => 2400 + i),
        );
        const window = await store().readStream(stream, {
          fromPosition: 999,
          toPosition: 1001,
          batchSize: 2,
        });
        expect(window.map((m) => m.position)).toEqual([999, 1000, 1001]);
        const small = await store().readStream(stream, { fromPosition: 2490, batchSize: 3 });
        expect(small).toHaveLength(10);
      });

      it("keeps data, metadata and time faithfully", async () => {
        const stream = `${freshCategory()}-1`;
        const data = {
          text: 'héllo ✓ "quoted"',
          nested: { list: [1, 2.5, null, true], empty: {} },
          big: 2 ** 40,
        };
        const metadata = {
          correlationStreamName: "order-9",
          causationMessagePosition: 4,
          schemaVersion: 2,
        };
        const before = Date.now();
        await store().append([
          {
            streamName: stream,
            messages: [message("Rich", data, metadata), message("Bare")],
            expectedVersion: -1,
          },
        ]);
        const [rich, bare] = await store().readStream(stream);
        expect(rich).toMatchObject({ streamName: stream, type: "Rich", data, metadata });
        expect(bare?.metadata ?? null).toBeNull();
        expect(bare?.data).toEqual({});
        expect(rich?.time).toBeInstanceOf(Date);
        expect(Math.abs((rich?.time.getTime() ?? 0) - before)).toBeLessThan(60_000);
        expect(typeof rich?.id).toBe("string");
      });

      it("returns the last message, or the last of a type", async () => {
        const stream = `${freshCategory()}-1`;
        await store().append([
          {
            streamName: stream,
            messages: [message("A", { i: 0 }), message("B", { i: 1 }), message("A", { i: 2 })],
            expectedVersion: -1,
          },
        ]);
        expect((await store().lastMessage(stream))?.data).toEqual({ i: 2 });
        expect((await store().lastMessage(stream, { type: "B" }))?.position).toBe(1);
        expect(await store().lastMessage(stream, { type: "C" })).toBeNull();
      });

      it("refuses malformed input with a typed error naming the stream, and writes nothing", async () => {
        const stream = `${freshCategory()}-1`;
        const noType = { id: uuid(), type: "", data: {} };
        const error = await store()
          .append([
            { streamName: stream, messages: messages(1), expectedVersion: -1 },
            { streamName: `${stream}x`, messages: [noType], expectedVersion: -1 },
          ])
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StrataError);
        expect((error as Error).message).toContain(`${stream}x`);
        expect(await store().streamVersion(stream)).toBe(-1);
        const badVersion = await store()
          .append([{ streamName: stream, messages: messages(1), expectedVersion: 1.5 }])
          .catch((e: unknown) => e);
        expect(badVersion).toBeInstanceOf(StrataError);
        expect(await store().streamVersion(stream)).toBe(-1);
      });
    });

    describe("snapshot and tail", () => {
      it("reads the last snapshot and the events from the version it holds", async () => {
        const category = freshCategory();
        const stream = `${category}-1`;
        const snapshots = `${category}:snapshot-1`;
        expect(await readSnapshotAndTail(store(), stream, snapshots)).toEqual({
          snapshot: null,
          events: [],
        });
        await store().append([{ streamName: stream, messages: messages(5), expectedVersion: -1 }]);
        const none = await readSnapshotAndTail(store(), stream, snapshots);
        expect(none.snapshot).toBeNull();
        expect(none.events.map((m) => m.position)).toEqual([0, 1, 2, 3, 4]);
        await store().append([
          {
            streamName: snapshots,
            messages: [message("Snapshot", { n: 1 }, { version: 0 })],
            expectedVersion: null,
          },
        ]);
        await store().append([
          {
            streamName: snapshots,
            messages: [message("Snapshot", { n: 2 }, { version: 2 })],
            expectedVersion: null,
          },
        ]);
        const read = await readSnapshotAndTail(store(), stream, snapshots);
        expect(read.snapshot?.data).toEqual({ n: 2 });
        // Inclusive: the event at the snapshot's version proves the stream reaches it.
        expect(read.events.map((m) => m.position)).toEqual([2, 3, 4]);
        await store().append([
          {
            streamName: snapshots,
            messages: [message("Snapshot", {}, { version: "x" })],
            expectedVersion: null,
          },
        ]);
        const odd = await readSnapshotAndTail(store(), stream, snapshots);
        expect(odd.events).toHaveLength(5);
      });

      it("pages through a long tail after a snapshot", async () => {
        const category = freshCategory();
        const stream = `${category}-1`;
        await store().append([
          { streamName: stream, messages: messages(1200), expectedVersion: -1 },
        ]);
        await store().append([
          {
            streamName: `${category}:snapshot-1`,
            messages: [message("Snapshot", {}, { version: 99 })],
            expectedVersion: null,
          },
        ]);
        const read = await readSnapshotAndTail(store(), stream, `${category}:snapshot-1`);
        expect(read.events).toHaveLength(1101);
        expect(read.events.every((m, i) => m.position === 99 + i)).toBe(true);
      });
    });

    describe("categories", () => {
      it("reads a category in global order, from a global position, in batches", async () => {
        const category = freshCategory();
        await store().append([
          { streamName: `${category}-1`, messages: messages(2), expectedVersion: -1 },
        ]);
        await store().append([
          { streamName: `${category}-2`, messages: messages(2), expectedVersion: -1 },
        ]);
        await store().append([
          { streamName: `${category}-1`, messages: messages(1), expectedVersion: 1 },
        ]);
        await store().append([
          { streamName: `${category}X-1`, messages: messages(1), expectedVersion: -1 },
        ]);
        const all = await store().readCategory(category);
        expect(all.map((m) => `${m.streamName}@${m.position}`)).toEqual([
          `${category}-1@0`,
          `${category}-1@1`,
          `${category}-2@0`,
          `${category}-2@1`,
          `${category}-1@2`,
        ]);
        const third = all[2] as Message;
        const rest = await store().readCategory(category, {
          fromGlobalPosition: third.globalPosition,
          batchSize: 2,
        });
        expect(rest.map((m) => m.globalPosition)).toEqual([
          third.globalPosition,
          all[3]?.globalPosition,
        ]);
      });

      it("never shows snapshot streams in stream or category reads", async () => {
        const category = freshCategory();
        await store().append([
          { streamName: `${category}-1`, messages: messages(1), expectedVersion: -1 },
          {
            streamName: `${category}:snapshot-1`,
            messages: [message("Snapshot", { n: 1 }, { version: 0 })],
            expectedVersion: null,
          },
        ]);
        expect((await store().readStream(`${category}-1`)).map((m) => m.type)).toEqual(["Counted"]);
        expect((await store().readCategory(category)).map((m) => m.type)).toEqual(["Counted"]);
        expect((await store().readCategory(`${category}:snapshot`)).map((m) => m.type)).toEqual([
          "Snapshot",
        ]);
      });

      it("splits a category between consumer group members as MessageDB does", async () => {
        const category = freshCategory();
        const streams = Array.from(
          { length: 12 },
          (_, i) => `${category}-${uuid()}${i % 3 === 0 ? "+part" : ""}`,
        );
        for (const stream of streams) {
          await store().append([
            { streamName: stream, messages: messages(2), expectedVersion: -1 },
          ]);
        }
        const size = 3;
        const members = await Promise.all(
          Array.from({ length: size }, (_, member) =>
            store().readCategory(category, {
              consumerGroupMember: member,
              consumerGroupSize: size,
            }),
          ),
        );
        const owners = new Map<string, number>();
        members.forEach((read, member) => {
          for (const m of read) {
            expect(owners.get(m.streamName) ?? member).toBe(member);
            owners.set(m.streamName, member);
            expect(member).toBe(consumerGroupMemberOf(m.streamName, size));
          }
        });
        expect(members.reduce((n, read) => n + read.length, 0)).toBe(24);
        expect(owners.size).toBe(12);
        await expect(
          store().readCategory(category, { consumerGroupMember: 3, consumerGroupSize: 3 }),
        ).rejects.toThrow(/Consumer group member must be less than the group size/);
      });

      it("filters a category by correlation category", async () => {
        const category = freshCategory();
        await store().append([
          {
            streamName: `${category}-1`,
            messages: [
              message("A", {}, { correlationStreamName: "order-1" }),
              message("B", {}, { correlationStreamName: "invoice-1" }),
              message("C"),
            ],
            expectedVersion: -1,
          },
        ]);
        expect(
          (await store().readCategory(category, { correlation: "order" })).map((m) => m.type),
        ).toEqual(["A"]);
      });
    });

    describe("subscribe", () => {
      it("tells subscribers about committed appends until they unsubscribe", async () => {
        const stream = `${freshCategory()}-1`;
        const seen: Message[] = [];
        const unsubscribe = store().subscribe((batch) =>
          seen.push(...batch.filter((m) => m.streamName === stream)),
        );
        await store().append([{ streamName: stream, messages: messages(2), expectedVersion: -1 }]);
        await expect.poll(() => seen.length, { timeout: 2000 }).toBe(2);
        expect(seen.map((m) => m.position)).toEqual([0, 1]);
        unsubscribe();
        await store().append([{ streamName: stream, messages: messages(1), expectedVersion: 1 }]);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(seen).toHaveLength(2);
      });
    });

    domainConformance(store);
    snapshotTrustConformance(store);
    inputContractConformance(store);
    modelConformance(store);
    projectionConformance(store);
    inlineProjectionConformance(store);
  });
}
