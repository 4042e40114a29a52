// `npm start`: registers a user, renames it a few times and prints its stream and snapshot.

import { MemoryEventStore } from "strata-es/memory";
import { Domain, snapshotStreamName, streamName } from "strata-es/store-kit";
import { z } from "zod";

const identity = new Domain("identity", {
  eventStore: new MemoryEventStore(),
  snapshotThreshold: 3,
});
const Registered = identity.event("Registered", z.object({ email: z.string().email() }));
const Renamed = identity.event("Renamed", z.object({ firstName: z.string().max(50) }));

class User extends identity.eventSourcedAggregate(
  "User",
  z.object({ firstName: z.string().max(50).optional(), email: z.string() }),
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

const users = identity.repositoryFor(User);
const user = User.register("ada@example.com");
await users.add(user);
for (const name of ["Ada", "Ada L.", "Ada Lovelace"]) {
  await users.transact(user.id, (u) => u.rename(name));
}

const loaded = await users.get(user.id);
console.log(`User ${loaded.id} at _version ${loaded._version}:`, loaded.toJSON());
for (const m of await identity.eventStore.readStream(streamName("user", user.id))) {
  console.log(`  ${m.position}  ${m.type.padEnd(10)} ${JSON.stringify(m.data)}`);
}
const snapshot = await identity.eventStore.lastMessage(snapshotStreamName("user", user.id));
console.log("Snapshot:", snapshot?.metadata, snapshot?.data);
await identity.close();
