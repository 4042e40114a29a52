import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import type { Variant } from "../harness.js";
import { assertUser, EMAIL, nameAt } from "../model.js";

/** Events left after the last snapshot in the snapshotted stream: a typical tail (threshold 10). */
const SNAPSHOT_TAIL = 5;

/** The README's identity domain on a fresh memory store. */
const freshDomain = (snapshotThreshold?: number, cache = false) =>
  identityDomain(new MemoryEventStore(), {
    ...(snapshotThreshold === undefined ? {} : { snapshotThreshold }),
    cache,
  });

/**
 * The rehydrate variants share one store and read through one User class, as an app defines each
 * aggregate once: a class per variant makes the apply handlers' property accesses polymorphic
 * across classes (the handlers share one source, so V8 shares their feedback), a cost no app with
 * one User class pays. `plain` never snapshots, writes the streams without snapshots and reads
 * every stream (a load does not depend on the threshold, only commits do); `snapshotting` writes
 * the streams with snapshots.
 */
type UserDomain = ReturnType<typeof freshDomain>;
let shared: { plain: UserDomain; snapshotting: UserDomain } | undefined;
const sharedDomains = () => {
  if (shared) return shared;
  const store = new MemoryEventStore();
  shared = {
    plain: identityDomain(store, { snapshotThreshold: Number.POSITIVE_INFINITY, cache: false }),
    snapshotting: identityDomain(store, { cache: false }),
  };
  return shared;
};

/**
 * `repository.get` of a user with `n` events. Without snapshots it replays all of them; with the
 * default threshold the stream is seeded the way commits leave it, a snapshot and a short tail.
 */
export function strataRehydrate(n: number, snapshots: boolean): Variant {
  let seeded: Promise<{ get: () => Promise<unknown> }> | undefined;
  const seed = async () => {
    const { plain, snapshotting } = sharedDomains();
    const { User, users } = snapshots ? snapshotting : plain;
    const user = User.register(EMAIL);
    const head = snapshots ? n - SNAPSHOT_TAIL : n;
    for (let i = 1; i < head; i++) user.rename(nameAt(i));
    await users.add(user); // one append; snapshot (if enabled) at version head-1
    for (let i = head; i < n; i++) user.rename(nameAt(i));
    await users.add(user); // the tail, below the threshold: no snapshot
    const reader = plain.users;
    return { get: () => reader.get(user.id) };
  };
  return {
    name: snapshots ? "Strata (snapshots every 10)" : "Strata (no snapshots)",
    setup: () => {
      seeded ??= seed();
      return seeded;
    },
    run: async (prepared) => {
      const user = (await (prepared as Awaited<typeof seeded>)?.get()) as {
        email: string;
        renames: number;
        _version: number;
      };
      assertUser(user, n, "Strata");
    },
  };
}

/**
 * `n` commands on one user: register, then n-1 × load-rename-append via `transact`; with `cache`,
 * the domain's aggregate cache spares the load.
 */
export function strataCommands(n: number, cache = false): Variant {
  type Prepared = ReturnType<typeof freshDomain> & { id?: string };
  return {
    name: cache
      ? "Strata (snapshots every 10, aggregate cache)"
      : "Strata (snapshots every 10, no cache)",
    setup: (): Prepared => freshDomain(undefined, cache),
    run: async (prepared) => {
      const context = prepared as Prepared;
      const { User, users } = context;
      const user = User.register(EMAIL);
      await users.add(user);
      for (let i = 1; i < n; i++) await users.transact(user.id, (u) => u.rename(nameAt(i)));
      context.id = user.id;
    },
    // Checked after the clock stops: the final read is not part of the workload.
    teardown: async (prepared) => {
      const { users, id } = prepared as Prepared;
      assertUser(await users.get(id ?? ""), n, "Strata");
    },
  };
}
