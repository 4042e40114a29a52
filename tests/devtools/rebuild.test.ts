import { describe, expect, it } from "vitest";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import { snapshotStreamName } from "../../core/store-kit.js";
import { checkSnapshots, StateRebuilder } from "../../devtools/model/rebuild.js";

const quiet = { warn: () => {} };

async function stream(renames: number, options: Parameters<typeof identityDomain>[1] = {}) {
  const store = new MemoryEventStore();
  const fixture = identityDomain(store, { logger: quiet, cache: false, ...options });
  const user = fixture.User.register("ada@example.com", new Date("2024-05-01T00:00:00.000Z"));
  for (let i = 1; i <= renames; i++) user.rename(`Name ${i}`);
  await fixture.users.add(user);
  const events = await store.readStream(`user-${user.id}`);
  const snapshots = await store.readStream(snapshotStreamName("user", user.id));
  return { ...fixture, store, id: user.id, events, snapshots };
}

describe("StateRebuilder", () => {
  it("rebuilds every version exactly as repository.get({ atVersion }) does, in any order", async () => {
    const { User, users, id, events } = await stream(40);
    const rebuilder = new StateRebuilder(User, id, events, 8);
    const versions = [40, 3, 17, 0, 39, 8, 7, 16, 25, 40, 1];
    for (const version of versions) {
      const expected = (await users.get(id, { atVersion: version })).toJSON();
      const rebuilt = rebuilder.stateAt(version);
      expect(rebuilt.failure).toBeUndefined();
      expect(rebuilt.version).toBe(version);
      expect(rebuilt.state).toEqual(expected);
    }
  });

  it("hands each handler the revived data: a Date stays a Date", async () => {
    const { User, id, events } = await stream(1);
    const { state } = new StateRebuilder(User, id, events).stateAt(1);
    expect(state.joinedOn).toEqual(new Date("2024-05-01T00:00:00.000Z"));
  });

  it("does not let one version's state leak into another's (checkpoints are copies)", async () => {
    const { User, id, events } = await stream(20);
    const rebuilder = new StateRebuilder(User, id, events, 4);
    const at7 = rebuilder.stateAt(7).state;
    (at7 as { renames: number }).renames = 999;
    expect(rebuilder.stateAt(7).state.renames).toBe(7);
    expect(rebuilder.stateAt(9).state.renames).toBe(9);
  });

  it("gives the diff of one event, and what skipping an event changes", async () => {
    const { User, id, events } = await stream(4);
    const rebuilder = new StateRebuilder(User, id, events, 2);
    expect(rebuilder.changesAt(2)).toEqual([
      { path: ["renames"], kind: "changed", before: 1, after: 2 },
      { path: ["firstName"], kind: "changed", before: "Name 1", after: "Name 2" },
    ]);
    const skipped = rebuilder.stateAt(4, 2);
    expect(skipped.state).toMatchObject({ renames: 3, firstName: "Name 4" });
    const skippedLast = rebuilder.stateAt(4, 4);
    expect(skippedLast.state).toMatchObject({ renames: 3, firstName: "Name 3" });
  });

  it("stops at a failing handler or an unknown event type and says where", async () => {
    const { User, store, id, events } = await stream(1);
    await store.append([
      {
        streamName: `user-${id}`,
        expectedVersion: 1,
        messages: [
          { id: crypto.randomUUID(), type: "Failed", data: { reason: "boom" } },
          { id: crypto.randomUUID(), type: "Unheard", data: {} },
        ],
      },
    ]);
    const all = await store.readStream(`user-${id}`);
    const rebuilder = new StateRebuilder(User, id, all);
    expect(rebuilder.stateAt(2).failure).toEqual({
      position: 2,
      type: "Failed",
      message: "handler refused: boom",
    });
    expect(rebuilder.stateAt(3, 2).failure).toMatchObject({ position: 3, type: "Unheard" });
    expect(events).toHaveLength(2);
  });
});

describe("checkSnapshots", () => {
  it("finds a snapshot equal to the replay at its version", async () => {
    const { User, id, events, snapshots } = await stream(6, { snapshotThreshold: 3 });
    expect(snapshots).toHaveLength(1);
    const [check] = checkSnapshots(new StateRebuilder(User, id, events), snapshots);
    expect(check).toMatchObject({ version: 6, status: "ok", changes: [] });
  });

  it("flags drift when the handlers now build another state, and a stale schema version", async () => {
    const { User, id, events, snapshots } = await stream(6, { snapshotThreshold: 3 });
    const snapshot = snapshots[0];
    if (!snapshot) throw new Error("expected a snapshot");
    const drifted = {
      ...snapshot,
      data: { ...snapshot.data, renames: 5 },
    };
    const stale = {
      ...snapshot,
      position: 1,
      metadata: { ...snapshot.metadata, schemaVersion: 0 },
    };
    const checks = checkSnapshots(new StateRebuilder(User, id, events), [drifted, stale]);
    expect(checks[0]).toMatchObject({
      status: "drift",
      changes: [{ path: ["renames"], before: 5, after: 6 }],
    });
    expect(checks[1]).toMatchObject({ status: "stale-schema" });
  });
});
