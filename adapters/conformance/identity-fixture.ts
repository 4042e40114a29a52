import { z } from "zod";
import { Domain, type DomainOptions, type EventStore } from "../../core/index.js";

/**
 * The seed's identity domain (User, Registered, Renamed), used by the core tests and the
 * conformance suite. Each call makes a fresh domain; `streamCategory` keeps tests apart in a
 * shared store.
 */
export function identityDomain(
  eventStore: EventStore,
  options: Omit<DomainOptions, "eventStore"> & {
    streamCategory?: string;
    userThreshold?: number;
  } = {},
) {
  const { streamCategory, userThreshold, ...domainOptions } = options;
  const identity = new Domain("identity", { eventStore, ...domainOptions });

  const Registered = identity.event(
    "Registered",
    z.object({ email: z.string().email(), joinedOn: z.coerce.date().optional() }),
  );
  const Renamed = identity.event("Renamed", z.object({ firstName: z.string().max(50) }));
  const Failed = identity.event("Failed", z.object({ reason: z.string() }));

  class User extends identity.eventSourcedAggregate(
    "User",
    z.object({
      firstName: z.string().max(50).optional(),
      email: z.string(),
      joinedOn: z.coerce.date().optional(),
      renames: z.number().int().default(0),
    }),
    {
      initialState: { renames: 0 },
      ...(streamCategory ? { streamCategory } : {}),
      ...(userThreshold ? { snapshotThreshold: userThreshold } : {}),
    },
  ) {
    static register(email: string, joinedOn?: Date) {
      const user = User.create({ email, ...(joinedOn ? { joinedOn } : {}) });
      user.raise(Registered({ email, ...(joinedOn ? { joinedOn } : {}) }));
      return user;
    }
    rename(firstName: string) {
      this.raise(Renamed({ firstName }));
    }
    fail(reason: string) {
      this.raise(Failed({ reason }));
    }
    static {
      this.applyEvent(Registered, (user, e) => {
        user.email = e.email;
        if (e.joinedOn) user.joinedOn = e.joinedOn;
      });
      this.applyEvent(Renamed, (user, e) => {
        user.firstName = e.firstName;
        user.renames += 1;
      });
      this.applyEvent(Failed, (user, e) => {
        user.renames = -1;
        throw new Error(`handler refused: ${e.reason}`);
      });
    }
  }

  return { identity, User, Registered, Renamed, users: identity.repositoryFor(User) };
}
