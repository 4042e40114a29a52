import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapshotStreamName, stateFingerprint, uuid } from "../../core/store-kit.js";
import { freshCategory } from "../conformance/event-store-conformance.js";
import { identityDomain } from "../conformance/identity-fixture.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";

// JSON text the JavaScript side cannot write: 19.0 parses to 19, which core takes as version 19.
// The SQL tail read must agree with core's rule, or the tail starts in the wrong place.
describe("a snapshot version written as 19.0 by another MessageDB client", () => {
  let pglite: PGlite;
  let store: MessageDBEventStore;
  beforeAll(async () => {
    pglite = await PGlite.create();
    store = new MessageDBEventStore({ pglite });
    await store.ready();
  });
  afterAll(async () => {
    await store.close();
    await pglite.close();
  });

  it.each([
    ["19.0", 19, 1000],
    ["19.5", 19, 19],
    // -0 is version 0 on both sides: the snapshot stands for position 0, then 1..19 replay on it.
    ["-0", 19, 1019],
    ["1e20", 19, 19],
  ])("version %s: state %s renames as a replay says", async (text, version, expected) => {
    const category = freshCategory("user");
    const warnings: string[] = [];
    const { User, users } = identityDomain(store, {
      streamCategory: category,
      snapshotThreshold: Number.POSITIVE_INFINITY,
      logger: { warn: (m) => warnings.push(m) },
      cache: false,
    });
    const user = User.register("ada@example.com");
    for (let i = 1; i <= version; i++) user.rename(`Ada ${i}`);
    await users.add(user);
    const state = { ...(await users.get(user.id)).toJSON(), renames: 1000 };
    await pglite.query(
      `SELECT message_store.write_message($1, $2, 'Snapshot', $3::jsonb, $4::jsonb)`,
      [
        uuid(),
        snapshotStreamName(category, user.id),
        JSON.stringify(state),
        `{"version": ${text}, "schemaVersion": 1, "strataFingerprint": "${stateFingerprint(User)}"}`,
      ],
    );
    const loaded = await users.get(user.id);
    expect(loaded._version).toBe(version);
    // 1000 or more: the snapshot was used (19.0 is the integer 19 on both sides); 19: skipped.
    expect(loaded.renames).toBe(expected);
    expect(warnings).toHaveLength(expected >= 1000 ? 0 : 1);
  });
});
