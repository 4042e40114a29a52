// Dates must not shift with the process time zone: run this file in New York.
process.env.TZ = "America/New_York";

import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshCategory, message } from "../conformance/event-store-conformance.js";
import { installMessageDb } from "./installer.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";
import { createTestDatabase, serverUrl } from "./test-database.js";
import { parseUtcTimestamp } from "./utc-timestamp.js";

/** The stored `time` as text, formatted by the server, so no driver parser is involved. */
type TimeText = (stream: string) => Promise<string>;

function utcTime(
  name: string,
  open: () => Promise<{
    store: MessageDBEventStore;
    timeText: TimeText;
    close: () => Promise<void>;
  }>,
) {
  describe(`time read as UTC with TZ=America/New_York (${name})`, () => {
    let subject: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      subject = await open();
    });
    afterAll(() => subject?.close());

    it("runs in a zone with an offset", () => {
      expect(new Date("2024-01-15T12:00:00Z").getTimezoneOffset()).toBe(300);
    });

    it("returns the stored UTC instant in readStream, lastMessage and readCategory", async () => {
      const category = freshCategory();
      const stream = `${category}-1`;
      await subject.store.append([
        { streamName: stream, messages: [message("T")], expectedVersion: -1 },
      ]);
      const stored = await subject.timeText(stream);
      const expected = new Date(`${stored.replace(" ", "T").slice(0, 23)}Z`).getTime();
      const [read] = await subject.store.readStream(stream);
      expect(read?.time.getTime()).toBe(expected);
      expect((await subject.store.lastMessage(stream))?.time.getTime()).toBe(expected);
      expect((await subject.store.readCategory(category))[0]?.time.getTime()).toBe(expected);
    });
  });
}

it("parses timestamps without zone as UTC", () => {
  expect(parseUtcTimestamp("2024-02-29 23:59:58.123456").toISOString()).toBe(
    "2024-02-29T23:59:58.123Z",
  );
});

utcTime("PGlite", async () => {
  const pglite = await PGlite.create();
  await installMessageDb({ pglite });
  return {
    store: new MessageDBEventStore({ pglite }),
    timeText: async (stream) =>
      (
        await pglite.query<{ t: string }>(
          "SELECT time::text AS t FROM message_store.messages WHERE stream_name = $1",
          [stream],
        )
      ).rows[0]?.t ?? "",
    close: () => pglite.close(),
  };
});

describe.skipIf(!serverUrl)("on the PostgreSQL server", () => {
  utcTime("PostgreSQL", async () => {
    const db = await createTestDatabase(serverUrl as string);
    await installMessageDb(db.url);
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    const store = new MessageDBEventStore({ pool });
    return {
      store,
      timeText: async (stream) =>
        (
          await pool.query(
            "SELECT time::text AS t FROM message_store.messages WHERE stream_name = $1",
            [stream],
          )
        ).rows[0]?.t ?? "",
      close: async () => {
        await store.close();
        await pool.end();
        await db.drop();
      },
    };
  });
});
