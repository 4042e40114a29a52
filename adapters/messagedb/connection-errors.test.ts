import { describe, expect, it } from "vitest";
import { StoreError } from "../../core/index.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";
import { databaseUrl, serverUrl } from "./test-database.js";

async function failure(databaseUri: string): Promise<unknown> {
  const store = new MessageDBEventStore({ databaseUri });
  try {
    return await store.streamVersion("user-1").catch((e: unknown) => e);
  } finally {
    await store.close();
  }
}

describe("connection errors", () => {
  it("an unreachable port is a StoreError naming host, port and database", async () => {
    const error = await failure("postgresql://postgres:secret@127.0.0.1:1/nowhere");
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain("127.0.0.1:1/nowhere");
    expect((error as Error).message).toMatch(/cannot reach the server \(ECONNREFUSED/);
    expect((error as Error).message).not.toContain("secret");
  });

  it("an unknown host is a StoreError naming it", async () => {
    const error = await failure("postgresql://postgres@no-such-host.invalid:5432/app");
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain("no-such-host.invalid:5432/app");
  });

  it("retries opening after a failure instead of caching it", async () => {
    const store = new MessageDBEventStore({ databaseUri: "postgresql://postgres@127.0.0.1:1/x" });
    await expect(store.ready()).rejects.toBeInstanceOf(StoreError);
    await expect(store.ready()).rejects.toBeInstanceOf(StoreError);
    await store.close();
    await expect(store.ready()).rejects.toThrow(/closed/);
  });
});

describe.skipIf(!serverUrl)("connection errors on the PostgreSQL server", () => {
  it("bad credentials are a StoreError naming the database", async () => {
    const url = new URL(serverUrl as string);
    url.username = "strata_no_such_role";
    const error = await failure(url.toString());
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/authentication failed.*strata_no_such_role/);
    expect((error as Error).message).toContain(url.hostname);
  });

  it("a missing database is a StoreError naming it", async () => {
    const error = await failure(databaseUrl(serverUrl as string, "strata_no_such_database"));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain("strata_no_such_database");
  });
});
