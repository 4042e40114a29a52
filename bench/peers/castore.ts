import { Command, type EventStorageAdapter, EventStore, EventType, tuple } from "@castore/core";
import { InMemoryEventStorageAdapter } from "@castore/event-storage-adapter-in-memory";
import type { Variant } from "../harness.js";
import { assertUser, EMAIL, nameAt, type UserState, userEvents } from "../model.js";

const registered = new EventType<"Registered", { email: string }>({ type: "Registered" });
const renamed = new EventType<"Renamed", { firstName: string }>({ type: "Renamed" });

type UserAggregate = UserState & { aggregateId: string; version: number };
type UserEventDetail =
  | {
      aggregateId: string;
      version: number;
      timestamp: string;
      type: "Registered";
      payload: { email: string };
    }
  | {
      aggregateId: string;
      version: number;
      timestamp: string;
      type: "Renamed";
      payload: { firstName: string };
    };

// Aggregate ids must be UUIDs for Castore's Postgres adapter (its default column type).
export const AGGREGATE_ID = "00000000-0000-4000-8000-000000000001";

/** Castore's idiom (its docs' pokemonsReducer): a pure reducer that carries the version. */
// Pure, as the peer's docs write it, but with object literals rather than `{ ...state, x }`: on
// Node 20 a spread costs about 300 ns per event here, 30x the literal, and would bury the
// library's own cost under the reducer's (see bench/RESULTS.md).
function reducer(aggregate: UserAggregate, event: UserEventDetail): UserAggregate {
  const { aggregateId, version } = event;
  switch (event.type) {
    case "Registered":
      return { aggregateId, version, email: event.payload.email, firstName: undefined, renames: 0 };
    case "Renamed":
      return {
        aggregateId,
        version,
        email: aggregate.email,
        firstName: event.payload.firstName,
        renames: aggregate.renames + 1,
      };
  }
}

export const userEventStore = (adapter: EventStorageAdapter) =>
  new EventStore({
    eventStoreId: "USERS",
    eventTypes: [registered, renamed],
    reducer,
    eventStorageAdapter: adapter,
  });

type UserEventStore = ReturnType<typeof userEventStore>;

/** Castore's command: read the aggregate, push the next version (the adapter rejects a duplicate). */
const renameUser = new Command({
  commandId: "RENAME_USER",
  requiredEventStores: tuple(userEventStore(new InMemoryEventStorageAdapter())),
  handler: async ({ id, i }: { id: string; i: number }, [users]) => {
    const { aggregate } = await users.getExistingAggregate(id);
    await users.pushEvent({
      aggregateId: id,
      version: aggregate.version + 1,
      type: "Renamed",
      payload: { firstName: nameAt(i) },
    });
  },
});

/** Register, then n-1 rename commands, each one load-decide-push. */
export async function castoreCommandsOn(store: UserEventStore, n: number, id = AGGREGATE_ID) {
  await store.pushEvent({
    aggregateId: id,
    version: 1,
    type: "Registered",
    payload: { email: EMAIL },
  });
  for (let i = 1; i < n; i++) await renameUser.handler({ id, i }, [store]);
}

export async function verifyCastore(store: UserEventStore, n: number, id = AGGREGATE_ID) {
  const { aggregate } = await store.getExistingAggregate(id);
  assertUser(aggregate, n, "Castore");
}

/** `getAggregate` of an aggregate of `n` events in the in-memory adapter. */
export function castoreRehydrate(n: number): Variant {
  const timestamp = new Date().toISOString();
  const initialEvents = userEvents(n).map((e, i) => ({
    aggregateId: AGGREGATE_ID,
    version: i + 1,
    timestamp,
    type: e.type,
    payload: e.data,
  }));
  const store = userEventStore(new InMemoryEventStorageAdapter({ initialEvents }));
  return {
    name: "Castore 2.4 (in-memory)",
    run: async () => {
      const { aggregate } = await store.getExistingAggregate(AGGREGATE_ID);
      assertUser(aggregate, n, "Castore");
    },
  };
}

/** `n` commands on one aggregate of a fresh in-memory adapter. */
export function castoreCommands(n: number): Variant {
  return {
    name: "Castore 2.4 (in-memory)",
    setup: () => userEventStore(new InMemoryEventStorageAdapter()),
    run: (store) => castoreCommandsOn(store as UserEventStore, n),
    teardown: (store) => verifyCastore(store as UserEventStore, n),
  };
}
