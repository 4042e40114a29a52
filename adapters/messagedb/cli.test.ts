import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../cli/run-cli.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";
import { createTestDatabase, serverUrl } from "./test-database.js";

async function cliWith(env: { DATABASE_URL?: string }, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const cli = (...argv: string[]) => cliWith({}, ...argv);

describe("strata-es messagedb CLI", () => {
  it("errors clearly without a database URL", async () => {
    const result = await cli("messagedb", "install");
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/missing --database-url URL/);
  });

  it("refuses unknown commands with the usage", async () => {
    const result = await cli("messagedb", "uninstall", "--database-url", "postgresql://x/y");
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/unknown command "uninstall"[\s\S]*Usage/);
  });

  it("installs into a PGlite data directory that a store then persists in", {
    timeout: 90_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "strata-pglite-"));
    try {
      expect((await cli("messagedb", "install", "--data-dir", dir)).out).toMatch(
        /^Installed MessageDB 1\.3\.0 in PGlite/,
      );
      const store = new MessageDBEventStore({ dataDir: dir, installSchema: false });
      await store.append([
        {
          streamName: "kept-1",
          messages: [{ id: crypto.randomUUID(), type: "K", data: { n: 1 } }],
          expectedVersion: -1,
        },
      ]);
      await store.close();
      const reopened = new MessageDBEventStore({ dataDir: dir, installSchema: false });
      expect((await reopened.readStream("kept-1")).map((m) => m.data)).toEqual([{ n: 1 }]);
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!serverUrl)("strata-es messagedb CLI on the PostgreSQL server", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase(serverUrl as string);
  });
  afterAll(() => db?.drop());

  it("reports no version, installs, installs again harmlessly, then reports 1.3.0", async () => {
    expect(await cli("messagedb", "version", "--database-url", db.url)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/not installed.*strata-es messagedb install/),
    });
    const first = await cli("messagedb", "install", "--database-url", db.url);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(new RegExp(`^Installed MessageDB 1\\.3\\.0 in .*${db.name}`));
    const second = await cli("messagedb", "install", `--database-url=${db.url}`);
    expect(second.out).toMatch(/already installed/);
    expect(await cli("messagedb", "version", "--database-url", db.url)).toMatchObject({
      code: 0,
      out: "MessageDB 1.3.0",
    });
  });

  it("reads DATABASE_URL when --database-url is absent, and prefers the flag", async () => {
    expect(await cliWith({ DATABASE_URL: db.url }, "messagedb", "version")).toMatchObject({
      code: 0,
      out: "MessageDB 1.3.0",
    });
    const flagWins = await cliWith(
      { DATABASE_URL: db.url },
      "messagedb",
      "version",
      "--database-url",
      "postgresql://postgres@127.0.0.1:1/x",
    );
    expect(flagWins.code).toBe(1);
  });

  it("fails with exit code 1 and a StoreError message for an unreachable server", async () => {
    const result = await cli(
      "messagedb",
      "install",
      "--database-url",
      "postgresql://postgres@127.0.0.1:1/x",
    );
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/127\.0\.0\.1:1\/x.*cannot reach the server/);
  });
});
