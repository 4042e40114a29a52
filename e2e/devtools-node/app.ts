// A Node app on embedded PGlite with serveDevtools: prints the bridge's URL as JSON, then on each
// line of stdin ("register" or "rename <id>") runs the command and prints the result.
import { createInterface } from "node:readline";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MessageDBEventStore } from "../../adapters/messagedb/messagedb-event-store.js";
import { serveDevtools } from "../../devtools/node/index.js";

const store = new MessageDBEventStore({ pgliteCache: false });
const { identity, User, users } = identityDomain(store, {
  userThreshold: 3,
  logger: { warn() {} },
});
const devtools = await serveDevtools(identity, { port: 0 });
console.log(JSON.stringify({ url: devtools.url }));
for await (const line of createInterface({ input: process.stdin })) {
  const [command, id] = line.trim().split(" ");
  if (command === "register") {
    const user = User.register("app@example.com");
    await users.add(user);
    console.log(JSON.stringify({ id: user.id }));
  } else if (command === "rename" && id) {
    await users.transact(id, (user) => user.rename(`Renamed ${Date.now()}`));
    console.log(JSON.stringify({ renamed: id }));
  }
}
await devtools.close();
await store.close();
