// What the README's code fragments take as given (a domain, its events, an aggregate, ids), so
// `npm run check` can type-check every ```ts block of the README. A block that declares a name
// itself uses its own.
import type { PGlite } from "@electric-sql/pglite";
import { z } from "zod";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import { Domain } from "../../core/index.js";

export { IndexedDBEventStore } from "../../adapters/indexeddb/index.js";
export { MessageDBEventStore } from "../../adapters/messagedb/index.js";
export { Domain, ExpectedVersionError } from "../../core/index.js";
export { MemoryEventStore, z };
/** A PGlite instance the app owns (only its type matters here). */
export declare const pglite: PGlite;

export const identity = new Domain("identity", { eventStore: new MemoryEventStore() });
export const Registered = identity.event("Registered", z.object({ email: z.string().email() }));
export const Renamed = identity.event("Renamed", z.object({ firstName: z.string().max(50) }));

export class User extends identity.eventSourcedAggregate(
  "User",
  z.object({ email: z.string(), firstName: z.string().optional() }),
) {
  static register(email: string) {
    const user = User.create({ email });
    user.raise(Registered({ email }));
    return user;
  }
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

export const users = identity.repositoryFor(User);
export const user = User.register("ada@example.com");
export const id: string = user.id;
export const idA: string = user.id;
