// The README's example app: users on an IndexedDB store. The Playwright example imports its event
// types in Node (nothing opens the database there); the page at / runs it in the browser.
import { z } from "zod";
import { IndexedDBEventStore } from "../../../adapters/indexeddb/index.js";
import { Domain } from "../../../core/index.js";

export const identity = new Domain("identity", {
  eventStore: new IndexedDBEventStore({ databaseName: "my-app" }),
});

export const Registered = identity.event("Registered", z.object({ email: z.string().email() }));
export const Renamed = identity.event("Renamed", z.object({ firstName: z.string().max(50) }));

export class User extends identity.eventSourcedAggregate(
  "User",
  z.object({ email: z.string(), firstName: z.string().optional() }),
) {
  rename(firstName: string) {
    this.raise(Renamed({ firstName }));
  }

  static {
    this.applyEvent(Registered, (user, e) => {
      user.email = e.email;
    });
    this.applyEvent(Renamed, (user, e) => {
      user.firstName = e.firstName;
    });
  }
}
