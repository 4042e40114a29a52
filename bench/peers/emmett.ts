import {
  CommandHandler,
  type Event,
  type EventStore,
  getInMemoryEventStore,
} from "@event-driven-io/emmett";
import type { Variant } from "../harness.js";
import { assertUser, EMAIL, initialUser, nameAt, type UserState, userEvents } from "../model.js";

type Registered = Event<"Registered", { email: string }>;
type Renamed = Event<"Renamed", { firstName: string }>;
export type EmmettUserEvent = Registered | Renamed;

const STREAM = "user-1";

/** Emmett's idiom: a pure evolve returning a new state. */
// Pure, as the peer's docs write it, but with object literals rather than `{ ...state, x }`: on
// Node 20 a spread costs about 300 ns per event here, 30x the literal, and would bury the
// library's own cost under the reducer's (see bench/RESULTS.md).
export function evolve(state: UserState, event: EmmettUserEvent): UserState {
  switch (event.type) {
    case "Registered":
      return { email: event.data.email, firstName: state.firstName, renames: state.renames };
    case "Renamed":
      return { email: state.email, firstName: event.data.firstName, renames: state.renames + 1 };
  }
}

/** The shared command handler: aggregateStream, decide, appendToStream with the read version. */
export const handle = CommandHandler<UserState, EmmettUserEvent>({
  evolve,
  initialState: initialUser,
});

export const register = (): Registered => ({ type: "Registered", data: { email: EMAIL } });
export const rename = (i: number): Renamed => ({
  type: "Renamed",
  data: { firstName: nameAt(i) },
});

/** Register, then n-1 renames, each one command (load-decide-append) through `handle`. */
export async function emmettCommandsOn(store: EventStore, n: number, stream: string) {
  await handle(store, stream, () => register());
  for (let i = 1; i < n; i++) await handle(store, stream, () => rename(i));
}

/** Reads the stream back and checks it, outside the timed part. */
export async function verifyEmmett(store: EventStore, n: number, stream: string) {
  const { state } = await store.aggregateStream(stream, { evolve, initialState: initialUser });
  assertUser(state, n, "Emmett");
}

/** `aggregateStream` of a stream of `n` events in the in-memory store. */
export function emmettRehydrate(n: number): Variant {
  const store = getInMemoryEventStore();
  let seeded: Promise<unknown> | undefined;
  return {
    name: "Emmett 0.42 (in-memory)",
    setup: () => {
      seeded ??= store.appendToStream(STREAM, userEvents(n) as EmmettUserEvent[]);
      return seeded;
    },
    run: async () => {
      const { state } = await store.aggregateStream(STREAM, {
        evolve,
        initialState: initialUser,
      });
      assertUser(state, n, "Emmett");
    },
  };
}

/** `n` commands on one stream of a fresh in-memory store. */
export function emmettCommands(n: number): Variant {
  return {
    name: "Emmett 0.42 (in-memory)",
    setup: () => getInMemoryEventStore(),
    run: (store) => emmettCommandsOn(store as EventStore, n, STREAM),
    teardown: (store) => verifyEmmett(store as EventStore, n, STREAM),
  };
}
