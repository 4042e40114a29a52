import { describe, expect, it } from "vitest";
import { parseUtcTimestamp } from "./utc-timestamp.js";

describe("parseUtcTimestamp", () => {
  it("reads MessageDB's zone-less times as UTC, with and without fractions", () => {
    expect(parseUtcTimestamp("2024-02-29 23:59:58.123456").toISOString()).toBe(
      "2024-02-29T23:59:58.123Z",
    );
    expect(parseUtcTimestamp("2024-02-29 23:59:58.1").toISOString()).toBe(
      "2024-02-29T23:59:58.100Z",
    );
    expect(parseUtcTimestamp("1999-12-31 00:00:00").toISOString()).toBe("1999-12-31T00:00:00.000Z");
  });

  it("gives each call its own Date, even for the same text", () => {
    const a = parseUtcTimestamp("2024-01-01 00:00:00");
    const b = parseUtcTimestamp("2024-01-01 00:00:00");
    expect(a).not.toBe(b);
    a.setUTCFullYear(2000);
    expect(b.toISOString()).toBe("2024-01-01T00:00:00.000Z");
  });
});
