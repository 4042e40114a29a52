import { describe, expect, it, vi } from "vitest";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import {
  ExpectedVersionError,
  type JsonObject,
  type MessageMetadata,
  ObjectNotFoundError,
  snapshotStreamName,
  stateFingerprint,
  streamName,
  UsageError,
  VersionNotFoundError,
} from "../../core/store-kit.js";

const quiet = { warn: () => {} };

/** Without the aggregate cache, so every load reads the store (aggregate-cache.test.ts covers it). */
function setup(options: Parameters<typeof identityDomain>[1] = {}) {
  const store = new MemoryEventStore();
  return { store, ...identityDomain(store, { logger: quiet, cache: false, ...options }) };
}

// Behaviours 3, 4, 8 and 9 run on every store in adapters/conformance/domain-conformance.ts.
describe("retries", () => {
  it("retries a command on conflict with transact, and gives up after maxAttempts", async () => {
    const { User, users } = setup();
    const user = User.register("ada@example.com");
    await users.add(user);
    let runs = 0;
    await users.transact(user.id, async (u) => {
      runs += 1;
      if (runs === 1) {
        const other = await users.get(user.id);
        other.rename("Sneaky");
        await users.add(other);
      }
      u.rename(`Attempt ${runs}`);
    });
    expect(runs).toBe(2);
    const loaded = await users.get(user.id);
    expect(loaded.firstName).toBe("Attempt 2");
    expect(loaded._version).toBe(2);

    let attempts = 0;
    const always = users.transact(
      user.id,
      async (u) => {
        attempts += 1;
        const other = await users.get(user.id);
        other.rename("Always first");
        await users.add(other);
        u.rename("Never");
      },
      { maxAttempts: 3, backoffMs: 1 },
    );
    await expect(always).rejects.toBeInstanceOf(ExpectedVersionError);
    expect(attempts).toBe(3);
  });
});

describe("snapshots (behaviour 5)", () => {
  const twelveEvents = async (s: ReturnType<typeof setup>, oneAddPerEvent = true) => {
    const user = s.User.register("ada@example.com");
    if (oneAddPerEvent) await s.users.add(user);
    for (let i = 1; i < 12; i++) {
      user.rename(`Ada ${i}`);
      if (oneAddPerEvent) await s.users.add(user);
    }
    await s.users.add(user);
    return user;
  };

  it("writes exactly one snapshot after 12 events at threshold 10, at the version of the 10th event", async () => {
    const s = setup();
    const user = await twelveEvents(s);
    const snapshots = await s.store.readStream(snapshotStreamName("user", user.id));
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]).toMatchObject({
      type: "Snapshot",
      metadata: { version: 9, schemaVersion: 1 },
    });
    expect(snapshots[0]?.data).toMatchObject({ id: user.id, firstName: "Ada 9", renames: 9 });
  });

  it("snapshots at the committed version when 12 events are added at once", async () => {
    const s = setup();
    const user = await twelveEvents(s, false);
    const snapshots = await s.store.readStream(snapshotStreamName("user", user.id));
    expect(snapshots.map((m) => m.metadata?.version)).toEqual([11]);
  });

  it("loads the snapshot plus the tail, equal to a full replay", async () => {
    const s = setup();
    const user = await twelveEvents(s);
    const read = vi.spyOn(s.store, "readStream");
    const loaded = await s.users.get(user.id);
    // From the snapshot's own version: the event there proves the snapshot belongs to this stream.
    expect(read).toHaveBeenCalledWith(streamName("user", user.id), { fromPosition: 9 });
    const replayed = await s.users.get(user.id, { atVersion: 11 });
    expect(loaded.toJSON()).toEqual(replayed.toJSON());
    expect(loaded._version).toBe(11);
  });

  it("honours the domain-wide and the per-aggregate threshold", async () => {
    const domainWide = setup({ snapshotThreshold: 5 });
    const a = await twelveEvents(domainWide);
    expect(
      (await domainWide.store.readStream(snapshotStreamName("user", a.id))).map(
        (m) => m.metadata?.version,
      ),
    ).toEqual([4, 9]);
    const perAggregate = setup({ snapshotThreshold: 5, userThreshold: 3 });
    const b = await twelveEvents(perAggregate);
    expect(
      (await perAggregate.store.readStream(snapshotStreamName("user", b.id))).map(
        (m) => m.metadata?.version,
      ),
    ).toEqual([2, 5, 8, 11]);
  });

  /** A snapshot as another writer (or an older version of the app) might have left it. */
  const appendSnapshot = (
    s: ReturnType<typeof setup>,
    id: string,
    data: JsonObject,
    metadata: MessageMetadata,
  ) =>
    s.store.append([
      {
        streamName: snapshotStreamName("user", id),
        messages: [{ id: crypto.randomUUID(), type: "Snapshot", data, metadata }],
        expectedVersion: null,
      },
    ]);

  it("skips a snapshot that no longer decodes, with a warning, and rebuilds from events", async () => {
    const warn = vi.fn();
    const s = setup({ logger: { warn } });
    const user = await twelveEvents(s);
    await appendSnapshot(
      s,
      user.id,
      { id: user.id, email: 42 },
      { version: 11, schemaVersion: 1, strataFingerprint: stateFingerprint(s.User) },
    );
    const loaded = await s.users.get(user.id);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]?.[0]).toMatch(/Skipping snapshot of User .*email/);
    expect(loaded._version).toBe(11);
    expect(loaded.firstName).toBe("Ada 11");
    expect(loaded.email).toBe("ada@example.com");
  });

  it("skips a snapshot of another schema version", async () => {
    const warn = vi.fn();
    const s = setup({ logger: { warn } });
    const user = await twelveEvents(s);
    await appendSnapshot(
      s,
      user.id,
      { email: "old@example.com" },
      { version: 11, schemaVersion: 0 },
    );
    expect((await s.users.get(user.id)).email).toBe("ada@example.com");
    expect(warn.mock.calls[0]?.[0]).toMatch(/schemaVersion 0/);
  });
});

describe("loading (behaviours 6, 7, 10)", () => {
  it("throws ObjectNotFoundError naming aggregate and id", async () => {
    const { users } = setup();
    const error = await users.get("nobody").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectNotFoundError);
    expect(error).toMatchObject({ aggregateName: "User", id: "nobody" });
    expect((error as Error).message).toContain('User with id "nobody" was not found');
  });

  it("rebuilds versions 0 and 1 read-only, and names the latest version past the end", async () => {
    const { User, users } = setup({ snapshotThreshold: 1 });
    const user = User.register("ada@example.com");
    await users.add(user);
    user.rename("One");
    await users.add(user);
    user.rename("Two");
    await users.add(user);
    const v0 = await users.get(user.id, { atVersion: 0 });
    expect(v0._version).toBe(0);
    expect(v0.firstName).toBeUndefined();
    const v1 = await users.get(user.id, { atVersion: 1 });
    expect(v1.firstName).toBe("One");
    expect(v1.isReadOnly).toBe(true);
    expect(() => v1.rename("Nope")).toThrow(UsageError);
    expect(() => v1.rename("Nope")).toThrow(/read-only/);
    const error = await users.get(user.id, { atVersion: 7 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionNotFoundError);
    expect(error).toMatchObject({ requestedVersion: 7, latestVersion: 2 });
    expect((error as Error).message).toContain("its latest version is 2");
  });

  it("rebuilds the state as of a time", async () => {
    const { User, users } = setup();
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
      const user = User.register("ada@example.com");
      await users.add(user);
      vi.setSystemTime(new Date("2026-02-01T00:00:00Z"));
      user.rename("February");
      await users.add(user);
      const january = await users.get(user.id, { asOf: new Date("2026-01-15T00:00:00Z") });
      expect(january._version).toBe(0);
      expect(january.firstName).toBeUndefined();
      await expect(users.get(user.id, { asOf: new Date("2025-12-31T00:00:00Z") })).rejects.toThrow(
        /did not exist at/,
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps dates in events and state through the store and a snapshot", async () => {
    const joinedOn = new Date("2024-02-29T12:34:56.789Z");
    const { User, users, store } = setup({ snapshotThreshold: 1 });
    const user = User.register("ada@example.com", joinedOn);
    await users.add(user);
    const [event] = await store.readStream(streamName("user", user.id));
    expect(event?.data).toEqual({ email: "ada@example.com", joinedOn: joinedOn.toISOString() });
    const [snapshot] = await store.readStream(snapshotStreamName("user", user.id));
    expect(snapshot?.data.joinedOn).toBe(joinedOn.toISOString());
    const loaded = await users.get(user.id);
    expect(loaded.joinedOn).toEqual(joinedOn);
    const replayed = await users.get(user.id, { atVersion: 0 });
    expect(replayed.joinedOn).toEqual(joinedOn);
  });
});

describe("unit of work", () => {
  it("commits all aggregates together, returns the same instance for the same id, and writes nothing when work throws", async () => {
    const { User, users, identity, store } = setup();
    const a = User.register("a@example.com");
    await users.add(a);
    const b = User.register("b@example.com");
    const appends = vi.spyOn(store, "append");
    await identity.unitOfWork(async (uow) => {
      const repo = uow.repositoryFor(User);
      const first = await repo.get(a.id);
      expect(await repo.get(a.id)).toBe(first);
      first.rename("A");
      await repo.add(first);
      await repo.add(b);
      expect(await repo.get(b.id)).toBe(b);
    });
    expect(appends).toHaveBeenCalledOnce();
    expect((await users.get(a.id)).firstName).toBe("A");
    expect((await users.get(b.id))._version).toBe(0);

    const c = User.register("c@example.com");
    await expect(
      identity.unitOfWork(async (uow) => {
        await uow.repositoryFor(User).add(c);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await store.streamVersion(streamName("user", c.id))).toBe(-1);
  });
});

describe("what is written", () => {
  it("stores plain JSON data, Eventide metadata when given, and no metadata otherwise", async () => {
    const { User, Renamed, users, store } = setup();
    const user = User.register("ada@example.com");
    user.raise(Renamed({ firstName: "Ada" }, { metadata: { correlationStreamName: "order-7" } }));
    await users.add(user);
    const [registered, renamed] = await store.readStream(streamName("user", user.id));
    expect(registered).toMatchObject({
      type: "Registered",
      data: { email: "ada@example.com" },
      metadata: null,
    });
    expect(renamed?.metadata).toEqual({ correlationStreamName: "order-7" });
    const correlated = await store.readCategory("user", { correlation: "order" });
    expect(correlated.map((m) => m.type)).toEqual(["Renamed"]);
  });
});
