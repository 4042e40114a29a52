import { Codec, Decider, StreamId } from "@equinox-js/core";
import { MemoryStoreCategory, VolatileStore } from "@equinox-js/memory-store";
import type { Variant } from "../harness.js";
import {
  assertUser,
  EMAIL,
  initialUser,
  nameAt,
  type UserEvent,
  type UserState,
  userEvents,
} from "../model.js";

// Equinox's idiom: a pure evolve, a fold over the batch, a JSON codec, one Decider per stream.
// Pure, as the peer's docs write it, but with object literals rather than `{ ...state, x }`: on
// Node 20 a spread costs about 300 ns per event here, 30x the literal, and would bury the
// library's own cost under the reducer's (see bench/RESULTS.md).
const evolve = (state: UserState, event: UserEvent): UserState => {
  switch (event.type) {
    case "Registered":
      return { email: event.data.email, firstName: state.firstName, renames: state.renames };
    case "Renamed":
      return { email: state.email, firstName: event.data.firstName, renames: state.renames + 1 };
  }
};
const fold = (state: UserState, events: UserEvent[]) => events.reduce(evolve, state);
const initial: UserState = Object.freeze(initialUser()) as UserState;

/** A decider for user "1" in a fresh volatile store. */
function userDecider() {
  const category = MemoryStoreCategory.create(
    new VolatileStore<string>(),
    "User",
    Codec.json<UserEvent>(),
    fold,
    initial,
  );
  return Decider.forStream(category, StreamId.create("1"), null);
}

type UserDecider = ReturnType<typeof userDecider>;

/** `decider.query` (load and fold) of a stream of `n` events in the volatile store. */
export function equinoxRehydrate(n: number): Variant {
  const decider = userDecider();
  let seeded: Promise<void> | undefined;
  return {
    name: "Equinox 1.2 (memory store)",
    setup: () => {
      seeded ??= decider.transact(() => userEvents(n));
      return seeded;
    },
    run: async () => assertUser(await decider.query((s) => s), n, "Equinox"),
  };
}

/** `n` commands, each `decider.transact` (load, decide, sync at the loaded version). */
export function equinoxCommands(n: number): Variant {
  return {
    name: "Equinox 1.2 (memory store)",
    setup: () => userDecider(),
    run: async (prepared) => {
      const decider = prepared as UserDecider;
      await decider.transact(() => [{ type: "Registered", data: { email: EMAIL } }]);
      for (let i = 1; i < n; i++) {
        await decider.transact(() => [{ type: "Renamed", data: { firstName: nameAt(i) } }]);
      }
    },
    teardown: async (prepared) =>
      assertUser(await (prepared as UserDecider).query((s) => s), n, "Equinox"),
  };
}
