import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamName, uuid } from "../../core/store-kit.js";
import { freshCategory } from "../conformance/event-store-conformance.js";
import { identityDomain } from "../conformance/identity-fixture.js";
import { installMessageDb } from "./installer.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";
import { createTestDatabase, serverUrl } from "./test-database.js";

type Sql = (text: string, values?: unknown[]) => Promise<Record<string, unknown>[]>;

interface Subject {
  store: MessageDBEventStore;
  /** Plain SQL, as another MessageDB client sends it (no Strata code involved). */
  sql: Sql;
  close: () => Promise<void>;
}

async function typeCounts(sql: Sql): Promise<Record<string, number>> {
  const rows = await sql(
    "SELECT type, message_count::int AS count FROM message_store.type_summary",
  );
  return Object.fromEntries(rows.map((r) => [String(r.type), Number(r.count)]));
}

function interop(name: string, open: () => Promise<Subject>) {
  describe(`interop with other MessageDB clients (${name})`, () => {
    let subject: Subject;
    beforeAll(async () => {
      subject = await open();
    });
    afterAll(() => subject?.close());

    it("loads a User from messages another client wrote with write_message", async () => {
      const category = freshCategory("user");
      const { users } = identityDomain(subject.store, { streamCategory: category });
      const id = uuid();
      const stream = streamName(category, id);
      const metadata = { correlationStreamName: `registration-${id}`, schemaVersion: 1 };
      await subject.sql(
        "SELECT message_store.write_message($1, $2, 'Registered', $3::jsonb, $4::jsonb, -1)",
        [uuid(), stream, JSON.stringify({ email: "ext@example.com" }), JSON.stringify(metadata)],
      );
      await subject.sql(
        "SELECT message_store.write_message($1, $2, 'Renamed', $3::jsonb, NULL, 0)",
        [uuid(), stream, JSON.stringify({ firstName: "Ext" })],
      );
      const user = await users.get(id);
      expect(user._version).toBe(1);
      expect(user.email).toBe("ext@example.com");
      expect(user.firstName).toBe("Ext");
      const [first] = await subject.store.readStream(stream);
      expect(first?.metadata).toEqual(metadata);
      const correlated = await subject.store.readCategory(category, {
        correlation: "registration",
      });
      expect(correlated.map((m) => m.type)).toEqual(["Registered"]);
    });

    it("writes what MessageDB's own functions and views count correctly", async () => {
      const category = freshCategory("user");
      const { User, users } = identityDomain(subject.store, {
        streamCategory: category,
        snapshotThreshold: 3,
      });
      const before = await typeCounts(subject.sql);
      const user = User.register("strata@example.com");
      for (let i = 0; i < 4; i++) user.rename(`S${i}`);
      await users.add(user);
      const stream = streamName(category, user.id);
      const streams = await subject.sql(
        "SELECT stream_name, message_count::int AS count FROM message_store.stream_summary WHERE stream_name LIKE $1 ORDER BY stream_name",
        [`${category}%`],
      );
      expect(streams).toEqual([
        { stream_name: stream, count: 5 },
        { stream_name: `${category}:snapshot-${user.id}`, count: 1 },
      ]);
      const after = await typeCounts(subject.sql);
      expect(after.Registered).toBe((before.Registered ?? 0) + 1);
      expect(after.Renamed).toBe((before.Renamed ?? 0) + 4);
      expect(after.Snapshot).toBe((before.Snapshot ?? 0) + 1);
      const raw = await subject.sql(
        "SELECT type, position::int AS position, data::text AS data FROM message_store.get_stream_messages($1)",
        [stream],
      );
      expect(raw.map((r) => `${r.position}:${r.type}`)).toEqual([
        "0:Registered",
        "1:Renamed",
        "2:Renamed",
        "3:Renamed",
        "4:Renamed",
      ]);
      expect(JSON.parse(String(raw[0]?.data))).toMatchObject({ email: "strata@example.com" });
      const [version] = await subject.sql("SELECT message_store.stream_version($1)::int AS v", [
        stream,
      ]);
      expect(version?.v).toBe(4);
    });
  });
}

interop("PGlite", async () => {
  const pglite = await PGlite.create();
  await installMessageDb({ pglite });
  return {
    store: new MessageDBEventStore({ pglite }),
    sql: async (text, values) => (await pglite.query<Record<string, unknown>>(text, values)).rows,
    close: () => pglite.close(),
  };
});

describe.skipIf(!serverUrl)("on the PostgreSQL server", () => {
  interop("PostgreSQL", async () => {
    const db = await createTestDatabase(serverUrl as string);
    await installMessageDb(db.url);
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const store = new MessageDBEventStore({ databaseUri: db.url });
    return {
      store,
      sql: async (text, values) => (await pool.query(text, values)).rows,
      close: async () => {
        await store.close();
        await pool.end();
        await db.drop();
      },
    };
  });
});
