import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonObject, Message } from "../../core/index.js";
import {
  exportNdjson,
  fromTaggedJson,
  parseNdjson,
  toTaggedJson,
} from "../../devtools/model/codec.js";
import { deepEqual } from "../../devtools/model/equal.js";

const message = (data: JsonObject): Message => ({
  id: "m1",
  streamName: "user-1",
  type: "Registered",
  position: 0,
  globalPosition: 1,
  data,
  metadata: null,
  time: new Date("2024-01-02T03:04:05.678Z"),
});

describe("devtools NDJSON codec", () => {
  it("round-trips Date, BigInt, Map, Set, undefined and nested mixes exactly", () => {
    const value = {
      when: new Date("2020-02-29T12:00:00.000Z"),
      big: 12345678901234567890n,
      map: new Map<unknown, unknown>([
        ["a", new Set([1, 2n])],
        [new Date(0), { deep: [new Map([[1, "x"]])] }],
      ]),
      set: new Set(["x", new Date(1)]),
      gone: undefined,
      list: [1, "two", null, { three: 3n }],
    };
    const back = fromTaggedJson(toTaggedJson(value)) as typeof value;
    expect(back.when).toBeInstanceOf(Date);
    expect(back.big).toBe(12345678901234567890n);
    expect(back.map).toBeInstanceOf(Map);
    expect(back.set).toBeInstanceOf(Set);
    expect("gone" in back).toBe(true);
    expect(back).toEqual(value);
  });

  it('keeps a "__proto__" key (as JSON.parse makes it) an own property, and every prototype plain', () => {
    const value = JSON.parse('{"__proto__": [], "nested": {"__proto__": {"x": 1}}}') as object;
    const back = fromTaggedJson(toTaggedJson(value)) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(["__proto__", "nested"]);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(back.nested)).toBe(Object.prototype);
    expect(Object.hasOwn(back.nested as object, "__proto__")).toBe(true);
    expect(toTaggedJson(back)).toBe(toTaggedJson(value));
  });

  it("keeps a plain object that looks like a tag a plain object", () => {
    const value = { tricky: { $date: "not a date" }, also: { $map: 1 } };
    const text = toTaggedJson(value);
    expect(fromTaggedJson(text)).toEqual(value);
  });

  it("round-trips arbitrary JSON-ish values with Dates, BigInts, Maps and Sets (property)", () => {
    const leaf = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.bigInt(),
      fc.date({ noInvalidDate: true }),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc.array(tie("node"), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie("node"), { maxKeys: 4 }),
        fc.array(fc.tuple(leaf, tie("node")), { maxLength: 3 }).map((e) => new Map(e)),
        fc.array(leaf, { maxLength: 3 }).map((e) => new Set(e)),
      ),
    })).node;
    fc.assert(fc.property(tree, (value) => deepEqual(fromTaggedJson(toTaggedJson(value)), value)));
  });

  it("exports messages one a line and parses them back deep-equal", () => {
    const messages = [message({ email: "a@example.com" }), { ...message({}), position: 1 }];
    const text = exportNdjson(messages);
    expect(text.split("\n")).toHaveLength(3);
    expect(parseNdjson(text)).toEqual(messages);
  });

  it("redacts fields through the hook, by path", () => {
    const text = exportNdjson([message({ email: "secret@example.com", name: "Ada" })], (path, v) =>
      path.join(".") === "data.email" ? "[redacted]" : v,
    );
    expect(text).toContain('"email":"[redacted]"');
    expect(text).not.toContain("secret@example.com");
    expect(text).toContain('"name":"Ada"');
  });

  it("names the line of a bad file", () => {
    expect(() => parseNdjson(`${toTaggedJson(message({}))}\n{oops`)).toThrow(/line 2 is not JSON/);
    expect(() => parseNdjson('{"a":1}')).toThrow(/line 1 is not a message/);
  });
});
