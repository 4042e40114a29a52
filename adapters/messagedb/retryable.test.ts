import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../core/index.js";
import { freshCategory, message } from "../conformance/event-store-conformance.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";
import { installedTestDatabase, serverUrl } from "./test-database.js";
import { translateError } from "./translate-error.js";

const context = { label: "db", installHint: "install it" };

describe("StoreError.retryable from MessageDB errors", () => {
  it.each([
    ["57P01", true], // admin shutdown: the backend was killed
    ["08006", true], // connection failure
    ["ECONNRESET", true],
    ["ECONNREFUSED", true],
    ["40P01", true], // deadlock
    ["40001", true], // serialization failure
    ["22P05", false], // untranslatable character (\u0000 in jsonb)
    ["54000", false], // index row too large
    ["22021", false], // invalid byte sequence
    ["28P01", false], // authentication failed
  ])("%s -> retryable %s", (code, retryable) => {
    const error = translateError({ code, message: "boom" }, context);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).retryable).toBe(retryable);
  });

  it("a connection lost without a code is retryable", () => {
    const error = translateError(new Error("Connection terminated unexpectedly"), context);
    expect((error as StoreError).retryable).toBe(true);
  });
});

describe.skipIf(!serverUrl)("what Postgres refuses is not retryable (store used directly)", () => {
  const db = installedTestDatabase();
  let store: MessageDBEventStore;
  beforeAll(() => {
    store = new MessageDBEventStore({ databaseUri: db.url });
  });
  afterAll(async () => {
    await store?.close();
  });

  it("a NUL character in data (22P05)", async () => {
    const stream = `${freshCategory()}-1`;
    const error = await store
      .append([
        { streamName: stream, messages: [message("A", { s: "a\u0000b" })], expectedVersion: -1 },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain("22P05");
    expect((error as StoreError).retryable).toBe(false);
  });

  it("a stream name too long for the index (54000)", async () => {
    // Random hex does not compress: the index entry really is this long.
    const id = Array.from({ length: 3000 }, () => Math.floor(Math.random() * 16).toString(16)).join(
      "",
    );
    const error = await store
      .append([
        { streamName: `${freshCategory()}-${id}`, messages: [message("A")], expectedVersion: -1 },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain("54000");
    expect((error as StoreError).retryable).toBe(false);
  });
});
