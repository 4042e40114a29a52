// A separate Node process writing through Strata on MessageDB (Postgres) while the panel is open:
// registers a user (or takes STRATA_WRITER_USER) and renames it STRATA_WRITER_RENAMES times, with a
// snapshot every 3 versions. Prints the user's id and when each commit returned.
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MessageDBEventStore } from "../../adapters/messagedb/messagedb-event-store.js";

const store = new MessageDBEventStore({ databaseUri: process.env.STRATA_WRITER_URL as string });
const { User, users } = identityDomain(store, { userThreshold: 3, logger: { warn() {} } });
const renames = Number(process.env.STRATA_WRITER_RENAMES ?? 0);
let id = process.env.STRATA_WRITER_USER;
const committed: number[] = [];
if (!id) {
  const user = User.register("node@example.com");
  await users.add(user);
  committed.push(Date.now());
  id = user.id;
}
for (let i = 0; i < renames; i++) {
  await users.transact(id, (user) => user.rename(`Name ${i}`));
  committed.push(Date.now());
}
await store.close();
console.log(JSON.stringify({ id, committed }));
