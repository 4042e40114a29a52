import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { type EventStore, snapshotStreamName } from "../../core/store-kit.js";

type Users = ReturnType<typeof identityDomain>["users"];

/**
 * Writes a snapshot of user `id` at `version` as a later state schema (99) would: no `User` of
 * this code can read it, so a load skips it and replays.
 */
export function appendLaterSchemaSnapshot(store: EventStore, id: string, version: number) {
  return store.append([
    {
      streamName: snapshotStreamName("user", id),
      expectedVersion: null,
      messages: [
        {
          id: crypto.randomUUID(),
          type: "Snapshot",
          data: {},
          metadata: { version, schemaVersion: 99 },
        },
      ],
    },
  ]);
}

/**
 * `transact` on user `id` while another process (a second domain on `store`) commits between the
 * first run's load and its append: the first attempt conflicts, the second lands. Resolves to the
 * number of runs.
 */
export async function transactAcrossAConflict(
  store: EventStore,
  users: Users,
  id: string,
): Promise<number> {
  const other = identityDomain(store, { logger: { warn: () => {} }, cache: false });
  let runs = 0;
  await users.transact(id, async (u) => {
    if (++runs === 1) await other.users.transact(id, (o) => o.rename("Other"));
    u.rename(`Run ${runs}`);
  });
  return runs;
}
