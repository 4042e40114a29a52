import { describe, expect, it } from "vitest";
import {
  type EventStore,
  ExpectedVersionError,
  snapshotStreamName,
  streamName,
} from "../../core/store-kit.js";
import { freshCategory } from "./event-store-conformance.js";
import { identityDomain } from "./identity-fixture.js";

const quiet = { warn: () => {} };

/** Aggregate-level guarantees that depend on the store: run by every store's conformance suite. */
export function domainConformance(store: () => EventStore): void {
  describe("aggregates on this store", () => {
    const setup = (threshold = 10) => {
      const category = freshCategory("user");
      return {
        category,
        ...identityDomain(store(), {
          streamCategory: category,
          snapshotThreshold: threshold,
          logger: quiet,
          // Every load goes to the store: that is what this suite checks.
          cache: false,
        }),
      };
    };

    it("reloads 12 events at version 11 with exactly one snapshot, equal to a full replay", async () => {
      const { User, users, category } = setup();
      const user = User.register("ada@example.com");
      await users.add(user);
      for (let i = 1; i < 12; i++) {
        user.rename(`Ada ${i}`);
        await users.add(user);
      }
      const loaded = await users.get(user.id);
      expect(loaded._version).toBe(11);
      expect(loaded.firstName).toBe("Ada 11");
      const snapshots = await store().readStream(snapshotStreamName(category, user.id));
      expect(snapshots).toHaveLength(1);
      expect(snapshots[0]?.metadata).toMatchObject({ version: 9, schemaVersion: 1 });
      const replayed = await users.get(user.id, { atVersion: 11 });
      expect(loaded.toJSON()).toEqual(replayed.toJSON());
    });

    it("refuses a stale add with ExpectedVersionError and writes nothing of it", async () => {
      const { User, users, category } = setup();
      const user = User.register("ada@example.com");
      await users.add(user);
      const first = await users.get(user.id);
      const second = await users.get(user.id);
      first.rename("First");
      await users.add(first);
      second.rename("Second");
      const error = await users.add(second).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExpectedVersionError);
      expect(error).toMatchObject({
        streamName: streamName(category, user.id),
        expectedVersion: 0,
        actualVersion: 1,
      });
      expect((error as Error).message).toBe(
        `Wrong expected version: 0 (Stream: ${streamName(category, user.id)}, Stream Version: 1)`,
      );
      expect(second.pendingEvents).toHaveLength(1);
      expect(second._version).toBe(1);
      expect((await users.get(user.id)).firstName).toBe("First");
      const stored = await store().readStream(streamName(category, user.id));
      expect(stored.map((m) => m.data)).toEqual([
        { email: "ada@example.com" },
        { firstName: "First" },
      ]);
    });

    it("refuses a second new aggregate with the same id", async () => {
      const { User, Registered, users } = setup();
      const user = User.register("ada@example.com");
      await users.add(user);
      const twin = User.create({ id: user.id, email: "twin@example.com" });
      twin.raise(Registered({ email: "twin@example.com" }));
      await expect(users.add(twin)).rejects.toMatchObject({
        expectedVersion: -1,
        actualVersion: 0,
      });
    });

    it("runs 200 concurrent commands on 5 aggregates at the defaults, every one succeeding", async () => {
      const category = freshCategory("user");
      const { User, users } = identityDomain(store(), { streamCategory: category, logger: quiet });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const user = User.register(`user${i}@example.com`);
        await users.add(user);
        ids.push(user.id);
      }
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) =>
          users.transact(ids[i % 5] as string, (user) => user.rename(`Rename ${i}`)),
        ),
      );
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      let total = 0;
      for (const id of ids) {
        const user = await users.get(id);
        expect(user._version).toBe(40);
        total += user.renames;
      }
      expect(total).toBe(200);
    });

    it("commits a unit of work all or nothing", async () => {
      const { User, users, identity, category } = setup();
      const existing = User.register("b@example.com");
      await users.add(existing);
      const stale = await users.get(existing.id);
      const fresh = await users.get(existing.id);
      fresh.rename("Winner");
      await users.add(fresh);
      const newcomer = User.register("a@example.com");
      stale.rename("Loser");
      const seen: unknown[] = [];
      const unsubscribe = store().subscribe((m) => seen.push(...m));
      const error = await identity
        .unitOfWork(async (uow) => {
          const repo = uow.repositoryFor(User);
          await repo.add(newcomer);
          await repo.add(stale);
        })
        .catch((e: unknown) => e);
      unsubscribe();
      expect(error).toBeInstanceOf(ExpectedVersionError);
      expect(seen).toEqual([]);
      expect(await store().streamVersion(streamName(category, newcomer.id))).toBe(-1);
      expect(newcomer.pendingEvents).toHaveLength(1);
      expect((await users.get(existing.id)).firstName).toBe("Winner");
    });

    it("loads a stream of 2,500 events completely", async () => {
      const { User, users } = setup(Number.POSITIVE_INFINITY);
      const user = User.register("long@example.com");
      for (let i = 1; i < 2500; i++) user.rename(`n${i}`);
      await users.add(user);
      const loaded = await users.get(user.id);
      expect(loaded._version).toBe(2499);
      expect(loaded.renames).toBe(2499);
    });

    it("keeps dates through the store and through a snapshot", async () => {
      const joinedOn = new Date("2024-02-29T23:59:58.123Z");
      const fromEvents = setup(Number.POSITIVE_INFINITY);
      const a = fromEvents.User.register("d@example.com", joinedOn);
      await fromEvents.users.add(a);
      const loadedA = await fromEvents.users.get(a.id);
      expect(loadedA.joinedOn).toBeInstanceOf(Date);
      expect(loadedA.joinedOn?.toISOString()).toBe(joinedOn.toISOString());

      const fromSnapshot = setup(1);
      const b = fromSnapshot.User.register("e@example.com", joinedOn);
      await fromSnapshot.users.add(b);
      expect(await store().streamVersion(snapshotStreamName(fromSnapshot.category, b.id))).toBe(0);
      const loadedB = await fromSnapshot.users.get(b.id);
      expect(loadedB.joinedOn).toBeInstanceOf(Date);
      expect(loadedB.joinedOn?.getTime()).toBe(joinedOn.getTime());
    });

    it("rebuilds past versions read-only", async () => {
      const { User, users } = setup(2);
      const user = User.register("t@example.com");
      user.rename("One");
      user.rename("Two");
      await users.add(user);
      const v1 = await users.get(user.id, { atVersion: 1 });
      expect(v1._version).toBe(1);
      expect(v1.firstName).toBe("One");
      expect(v1.isReadOnly).toBe(true);
      const now = await users.get(user.id, { asOf: new Date(Date.now() + 1000) });
      expect(now._version).toBe(2);
    });
  });
}
