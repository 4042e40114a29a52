import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigurationError, Domain } from "../../core/store-kit.js";
import "./index.js";
import { installMessageDb } from "./installer.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";
import { createTestDatabase, serverUrl } from "./test-database.js";

describe("the messagedb provider", () => {
  it("gives embedded PGlite (schema installed on first use) when no databaseUri is given", async () => {
    const identity = new Domain("identity", { eventStore: { provider: "messagedb" } });
    try {
      expect(identity.eventStore).toBeInstanceOf(MessageDBEventStore);
      await identity.eventStore.append([
        {
          streamName: "user-1",
          messages: [{ id: crypto.randomUUID(), type: "R", data: {} }],
          expectedVersion: -1,
        },
      ]);
      expect(await identity.eventStore.streamVersion("user-1")).toBe(0);
    } finally {
      await identity.close();
    }
    // The first embedded store of a machine runs initdb and the install (cached afterwards).
  }, 120_000);

  it("refuses an explicit databaseUri (or other key) that is undefined or empty, instead of going embedded", () => {
    const env: Record<string, string | undefined> = { DATABASE_URL: "postgresql://x/y" };
    expect(() => new MessageDBEventStore({ databaseUri: env.DATABSE_URL })).toThrow(
      ConfigurationError,
    );
    expect(() => new MessageDBEventStore({ databaseUri: env.DATABSE_URL })).toThrow(
      /databaseUri is undefined.*postgresql:\/\/ or postgres:\/\/ URL.*leave databaseUri out/,
    );
    expect(() => new MessageDBEventStore({ databaseUri: "" })).toThrow(/databaseUri is empty/);
    expect(() => new MessageDBEventStore({ dataDir: env.DATA_DIR })).toThrow(
      /dataDir is undefined/,
    );
    expect(
      () =>
        new Domain("d", { eventStore: { provider: "messagedb", databaseUri: env.DATABSE_URL } }),
    ).toThrow(/databaseUri is undefined/);
  });

  it("accepts postgres:// as well as postgresql:// URLs", () => {
    expect(
      () => new MessageDBEventStore({ databaseUri: "postgres://u@localhost/db" }),
    ).not.toThrow();
    expect(
      () => new MessageDBEventStore({ databaseUri: "postgresql://u@localhost/db" }),
    ).not.toThrow();
  });

  it("refuses a databaseUri that is not a Postgres URL, and two databases at once", () => {
    expect(() => new MessageDBEventStore({ databaseUri: "mysql://x" })).toThrow(ConfigurationError);
    expect(() => new MessageDBEventStore({ databaseUri: "mysql://x" })).toThrow(
      /must start with postgresql:\/\/ or postgres:\/\//,
    );
    expect(
      () => new MessageDBEventStore({ databaseUri: "postgresql://x/y", dataDir: "./data" }),
    ).toThrow(/not databaseUri and dataDir/);
  });
});

describe.skipIf(!serverUrl)("the messagedb provider on the PostgreSQL server", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase(serverUrl as string);
    await installMessageDb(db.url);
  });
  afterAll(() => db?.drop());

  it("uses pg with { provider: 'messagedb', databaseUri } as in the seed", async () => {
    const identity = new Domain("identity", {
      eventStore: { provider: "messagedb", databaseUri: db.url },
    });
    try {
      await identity.eventStore.append([
        {
          streamName: "user-2",
          messages: [{ id: crypto.randomUUID(), type: "R", data: {} }],
          expectedVersion: -1,
        },
      ]);
      expect(await identity.eventStore.lastMessage("user-2")).toMatchObject({
        type: "R",
        position: 0,
      });
    } finally {
      await identity.close();
    }
  });
});
