import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ConfigurationError,
  Domain,
  type EventStore,
  snapshotStreamName,
  streamName,
  ValidationError,
} from "../../core/store-kit.js";
import { freshCategory } from "./event-store-conformance.js";

/** An aggregate whose event takes any value, so only Strata's own input contract stands in the way. */
function anythingDomain(store: EventStore, snapshotThreshold = Number.POSITIVE_INFINITY) {
  const domain = new Domain("contract", {
    eventStore: store,
    snapshotThreshold,
    logger: { warn() {} },
    cache: false,
  });
  const Stored = domain.event("Stored", z.object({ value: z.unknown() }));
  const category = freshCategory("box");
  class Box extends domain.eventSourcedAggregate(
    "Box",
    z.object({ value: z.unknown(), count: z.number() }),
    { streamCategory: category, initialState: { count: 0 } },
  ) {
    store(value: unknown) {
      this.raise(Stored({ value }));
    }
    static {
      this.applyEvent(Stored, (box, e) => {
        box.value = e.value;
        box.count += 1;
      });
    }
  }
  return { domain, Stored, Box, boxes: domain.repositoryFor(Box), category };
}

const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;
const deep = (levels: number) => {
  let value: unknown = "bottom";
  for (let i = 0; i < levels; i++) value = { d: value };
  return value;
};

/** Refused values, where, and the path the ValidationError names. */
export const REFUSED: readonly [string, unknown, string][] = [
  ["a NUL character", "a\u0000b", "value"],
  ["a lone high surrogate", "a\uD800b", "value"],
  ["a lone low surrogate", ["ok", "\uDC00"], "value.1"],
  ["a NUL in a key", { "k\u0000": 1 }, "value"],
  ["NaN", { n: Number.NaN }, "value.n"],
  ["Infinity", [1, Number.POSITIVE_INFINITY], "value.1"],
  ["-Infinity", Number.NEGATIVE_INFINITY, "value"],
  ["undefined in an array", [1, undefined], "value.1"],
  ["a function", { f: () => 1 }, "value.f"],
  ["a symbol", { s: Symbol("s") }, "value.s"],
  ["a cycle", cyclic, "value.self"],
  ["an invalid Date", { at: new Date("nope") }, "value.at"],
  ["a typed array", { bytes: new Uint8Array([1, 2]) }, "value.bytes"],
  ["a class instance", { re: /x/ }, "value.re"],
  ["an own __proto__ key", JSON.parse('{"a":{"__proto__":{"polluted":true}}}'), "value.a"],
  ["nesting deeper than 100 levels", deep(100), `value${".d".repeat(99)}`],
];

/** Issue 10's input contract, on every store: the same input is accepted or refused everywhere. */
export function inputContractConformance(store: () => EventStore): void {
  describe("one input contract", () => {
    it.each(REFUSED)(
      "refuses %s in event data with ValidationError naming the path",
      (_, value, path) => {
        const { Stored } = anythingDomain(store());
        const error = (() => {
          try {
            Stored({ value });
          } catch (e) {
            return e;
          }
        })();
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues[0]?.path).toBe(path);
        expect((error as ValidationError).message).toContain("Stored");
      },
    );

    it("refuses a state a snapshot cannot hold, at commit, and writes nothing", async () => {
      const { Box, boxes, category } = anythingDomain(store(), 1);
      const box = Box.create({ value: null, count: 0 });
      box.store("fine");
      await boxes.add(box); // version 0, and its snapshot (threshold 1)
      box.store("again");
      // The apply handler's result is what the snapshot stores: NaN would come back as null.
      (box as unknown as { count: number }).count = Number.NaN;
      const error = await boxes.add(box).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe("count");
      expect(await store().streamVersion(streamName(category, box.id))).toBe(0);
      expect(await store().streamVersion(snapshotStreamName(category, box.id))).toBe(0);
      expect(box.pendingEvents).toHaveLength(1);
    });

    it.each([
      ["a NUL character", "a\u0000b"],
      ["a lone surrogate", "x\uD800"],
      ["2,000+ bytes", "é".repeat(1001)],
    ])("refuses an id with %s on add and get, writing nothing", async (_, id) => {
      const { Box, boxes } = anythingDomain(store());
      const box = Box.create({ id, value: null, count: 0 });
      box.store(1);
      await expect(boxes.add(box)).rejects.toBeInstanceOf(ValidationError);
      await expect(boxes.get(id)).rejects.toBeInstanceOf(ValidationError);
      expect(box.pendingEvents).toHaveLength(1);
    });

    it("keeps what it accepts exactly, through the store and through a snapshot", async () => {
      const value = {
        text: 'emoji 😀 and accents é, quotes " and \\ backslash',
        empty: "",
        numbers: [0, -1.5, Number.MAX_SAFE_INTEGER, 1e-300],
        when: new Date("2024-02-29T12:00:00.001Z"),
        big: 12345678901234567890n,
        map: new Map<string, unknown>([["a", new Date(0)]]),
        set: new Set([1, 2]),
        nested: deep(98),
        nothing: null,
        "key/with~slash": true,
      };
      for (const threshold of [Number.POSITIVE_INFINITY, 1]) {
        const { Box, boxes } = anythingDomain(store(), threshold);
        const box = Box.create({ value: null, count: 0 });
        box.store(value);
        await boxes.add(box);
        const loaded = await boxes.get(box.id);
        expect(loaded.value).toEqual(value);
        expect(loaded.count).toBe(1);
      }
    });

    it.each(["x:snapshot", "a b", "a+b", "a-b", "tab\there", ""])(
      "refuses the category %j at definition",
      (category) => {
        const domain = new Domain("categories", { eventStore: store() });
        expect(() =>
          domain.eventSourcedAggregate("Thing", z.object({}), { streamCategory: category }),
        ).toThrow(ConfigurationError);
      },
    );
  });
}
