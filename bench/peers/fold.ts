import type { Variant } from "../harness.js";
import { assertUser, initialUser, type UserEvent, type UserState, userEvents } from "../model.js";

/** The fastest plausible rehydration: a switch over a plain array, mutating one object. */
function fold(events: readonly UserEvent[]): UserState {
  const state = initialUser();
  for (const event of events) {
    switch (event.type) {
      case "Registered":
        state.email = event.data.email;
        break;
      case "Renamed":
        state.firstName = event.data.firstName;
        state.renames += 1;
        break;
    }
  }
  return state;
}

/** The physical limit of rehydrating `n` events held in memory: no store, no framework. */
export function handFold(n: number): Variant {
  const events = userEvents(n);
  return {
    name: "hand-written fold (limit)",
    run: () => assertUser(fold(events), n, "fold"),
  };
}
