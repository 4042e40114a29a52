import { describe, expect, it } from "vitest";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import {
  ExpectedVersionError,
  snapshotStreamName,
  type TapRecord,
  UsageError,
} from "../../core/store-kit.js";
import {
  appendLaterSchemaSnapshot,
  transactAcrossAConflict,
} from "../support/identity-scenarios.js";

const quiet = { warn: () => {} };

function setup(options: Parameters<typeof identityDomain>[1] = {}) {
  const store = new MemoryEventStore();
  const fixture = identityDomain(store, { logger: quiet, cache: false, ...options });
  const records: TapRecord[] = [];
  const stop = fixture.identity.tap.subscribe((r) => records.push(r));
  return { store, records, stop, ...fixture };
}

const kinds = (records: TapRecord[]) => records.map((r) => r.kind);

describe("domain.tap", () => {
  it("is off with no listener and on while one is subscribed", () => {
    const { identity, stop } = setup();
    expect(identity.tap.on).toBe(true);
    stop();
    expect(identity.tap.on).toBe(false);
  });

  it("reports an add as a commit with its streams, messages and expected versions", async () => {
    const { User, users, records } = setup();
    const user = User.register("ada@example.com");
    user.rename("Ada");
    const before = Date.now();
    await users.add(user);
    const after = Date.now();
    expect(records).toHaveLength(1);
    const [commit] = records;
    expect(commit).toMatchObject({
      kind: "commit",
      call: "add",
      streams: [{ streamName: `user-${user.id}`, expectedVersion: -1 }],
    });
    if (commit?.kind !== "commit") throw new Error("expected a commit");
    expect(commit.streams[0]?.messages.map((m) => m.type)).toEqual(["Registered", "Renamed"]);
    // The store's answer: where the append left the stream.
    expect(commit.results).toEqual([
      { streamName: `user-${user.id}`, position: 1, globalPosition: 2 },
    ]);
    // Epoch milliseconds, read from the monotonic clock (a few ms of leeway for the clocks' rounding).
    expect(commit.time).toBeGreaterThanOrEqual(before - 5);
    expect(commit.time).toBeLessThanOrEqual(after + 5);
    expect(commit.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("names the call: unitOfWork and transact", async () => {
    const { User, users, identity, records } = setup();
    const a = User.register("a@example.com");
    const b = User.register("b@example.com");
    await identity.unitOfWork(async (uow) => {
      const repo = uow.repositoryFor(User);
      await repo.add(a);
      await repo.add(b);
    });
    await users.transact(a.id, (u) => u.rename("Ann"));
    const commits = records.filter((r) => r.kind === "commit");
    expect(commits.map((c) => c.call)).toEqual(["unitOfWork", "transact"]);
    expect(commits[0]?.streams).toHaveLength(2);
  });

  it("reports a conflict with both versions, and transact's retry after it", async () => {
    const { User, users, records } = setup();
    const user = User.register("ada@example.com");
    await users.add(user);
    const stale = await users.get(user.id);
    const fresh = await users.get(user.id);
    fresh.rename("Winner");
    await users.add(fresh);
    stale.rename("Loser");
    await expect(users.add(stale)).rejects.toBeInstanceOf(ExpectedVersionError);
    const conflict = records.find((r) => r.kind === "conflict");
    expect(conflict).toMatchObject({
      call: "add",
      streamName: `user-${user.id}`,
      expectedVersion: 0,
      actualVersion: 1,
    });
  });

  it("numbers transact's loads and commits by attempt, with the append's duration, across a conflict", async () => {
    const { store, User, users, records } = setup({ cache: true });
    const user = User.register("ada@example.com");
    await users.add(user);
    // Another process writes while the first run decides: its commit conflicts, the second wins.
    await transactAcrossAConflict(store, users, user.id);
    const inTransact = records.filter((r) => "attempt" in r && r.attempt !== undefined);
    expect(inTransact.map((r) => [r.kind, "attempt" in r && r.attempt])).toEqual([
      ["load", 1],
      ["conflict", 1],
      ["load", 2],
      ["commit", 2],
    ]);
    // The first run trusted the cache (no store read) and still reports its load.
    expect(inTransact[0]).toMatchObject({ source: "cache", events: 0, version: 0 });
    expect(inTransact[1]).toMatchObject({ expectedVersion: 0, actualVersion: 1 });
    for (const r of inTransact)
      if ("durationMs" in r) expect(r.durationMs).toBeGreaterThanOrEqual(0);
    const add = records.find((r) => r.kind === "commit" && r.call === "add");
    expect(add).toMatchObject({ attempt: undefined, durationMs: expect.any(Number) });
  });

  it("runs every transact call through aroundTransact when one is set, and not after", async () => {
    const { identity, User, users } = setup();
    const user = User.register("ada@example.com");
    await users.add(user);
    const seen: string[] = [];
    identity.tap.aroundTransact = async (streamName, run) => {
      seen.push(`start ${streamName}`);
      const result = await run();
      seen.push(`end ${String(result)}`);
      return result;
    };
    await expect(users.transact(user.id, () => "done")).resolves.toBe("done");
    expect(seen).toEqual([`start user-${user.id}`, "end done"]);
    identity.tap.aroundTransact = undefined;
    await users.transact(user.id, () => "again");
    expect(seen).toHaveLength(2);
  });

  it("reports loads: replay without a snapshot, snapshot plus tail after one, with counts and time", async () => {
    const { User, users, records } = setup({ snapshotThreshold: 3 });
    const user = User.register("ada@example.com");
    await users.add(user);
    await users.get(user.id);
    for (let i = 0; i < 4; i++) user.rename(`N${i}`);
    await users.add(user); // version 4: a snapshot is due (4 - -1 >= 3)
    user.rename("tail");
    await users.add(user);
    await users.get(user.id);
    const loads = records.filter((r) => r.kind === "load");
    expect(loads).toHaveLength(2);
    expect(loads[0]).toMatchObject({ source: "replay", events: 1, version: 0 });
    expect(loads[1]).toMatchObject({ source: "snapshot", events: 1, version: 5 });
    expect(loads[1]?.durationMs).toBeGreaterThanOrEqual(0);
    const written = records.filter((r) => r.kind === "snapshotWritten");
    expect(written).toEqual([
      expect.objectContaining({ streamName: snapshotStreamName("user", user.id), version: 4 }),
    ]);
  });

  it("reports a load from the aggregate cache", async () => {
    const { User, users, records } = setup({ cache: true });
    const user = User.register("ada@example.com");
    await users.add(user);
    await users.get(user.id);
    expect(records.find((r) => r.kind === "load")).toMatchObject({ source: "cache", events: 0 });
  });

  it("reports a skipped snapshot with the reason", async () => {
    const store = new MemoryEventStore();
    const first = identityDomain(store, { logger: quiet, cache: false, snapshotThreshold: 2 });
    const user = first.User.register("ada@example.com");
    user.rename("A");
    user.rename("B");
    await first.users.add(user);
    // The same stream read by a domain whose User has another state schema version.
    const later = identityDomain(store, { logger: quiet, cache: false });
    await appendLaterSchemaSnapshot(store, user.id, 2);
    const records: TapRecord[] = [];
    later.identity.tap.subscribe((r) => records.push(r));
    await later.users.get(user.id);
    expect(records.find((r) => r.kind === "snapshotSkipped")).toMatchObject({
      streamName: snapshotStreamName("user", user.id),
      position: 1,
      reason: expect.stringContaining("schemaVersion 99"),
    });
    expect(records.find((r) => r.kind === "load")).toMatchObject({ source: "replay", events: 3 });
  });

  it("reports apply-handler failures on raise and on replay", async () => {
    const { User, users, store, records } = setup();
    const user = User.register("ada@example.com");
    expect(() => user.fail("no")).toThrow("handler refused");
    expect(records[0]).toMatchObject({
      kind: "applyFailed",
      aggregateName: "User",
      type: "Failed",
      position: 1,
    });
    await users.add(user);
    await store.append([
      {
        streamName: `user-${user.id}`,
        expectedVersion: 0,
        messages: [{ id: crypto.randomUUID(), type: "Failed", data: { reason: "stored" } }],
      },
    ]);
    await expect(users.get(user.id)).rejects.toThrow("handler refused: stored");
    expect(records.filter((r) => r.kind === "applyFailed").at(-1)).toMatchObject({
      streamName: `user-${user.id}`,
      position: 1,
      type: "Failed",
    });
  });

  it("emits nothing, and calls nobody, once unsubscribed", async () => {
    const { User, users, records, stop } = setup();
    stop();
    await users.add(User.register("quiet@example.com"));
    expect(records).toEqual([]);
  });

  it("keeps a throwing listener from breaking the app's call", async () => {
    const { User, users, identity, records } = setup();
    identity.tap.subscribe(() => {
      throw new UsageError("listener bug");
    });
    await users.add(User.register("safe@example.com"));
    expect(kinds(records)).toEqual(["commit"]);
  });
});
