import { describe, expect, it } from "vitest";
import { encodeJson, reviveJson } from "../../core/json-codec.js";

describe("json codec", () => {
  it("round-trips Date, BigInt, Map and Set at any depth, listing their paths", () => {
    const value = {
      at: new Date("2020-01-02T03:04:05.006Z"),
      big: 12345678901234567890n,
      tags: new Set(["a", "b"]),
      byDay: new Map<string, Date>([["mon", new Date("2020-01-06T00:00:00Z")]]),
      "odd/key~": [{ when: new Date(0) }],
      plain: { n: 1, s: "x", none: null, skip: undefined },
    };
    const { json, types } = encodeJson(value);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json.plain).toEqual({ n: 1, s: "x", none: null });
    expect(types).toEqual({
      "/at": "Date",
      "/big": "BigInt",
      "/tags": "Set",
      "/byDay": "Map",
      "/byDay/0/1": "Date",
      "/odd~1key~0/0/when": "Date",
    });
    const revived = reviveJson(Object.freeze(json), types ?? {});
    expect(revived).toEqual({ ...value, plain: { n: 1, s: "x", none: null } });
  });

  it("reports no types for plain JSON and leaves it as it is", () => {
    const { json, types } = encodeJson({ a: [1, { b: "c" }] });
    expect(types).toBeUndefined();
    expect(json).toEqual({ a: [1, { b: "c" }] });
  });
});
