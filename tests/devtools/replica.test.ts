// Import into a memory store: replicateDomain copies messages into a new MemoryEventStore behind a
// domain that accepts the app's own aggregate classes, so states load and commands run on the copy.
import { expect, test } from "vitest";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import { exportNdjson, parseNdjson } from "../../devtools/model/codec.js";
import { readAll } from "../../devtools/model/feed.js";
import { replicateDomain } from "../../devtools/model/replica.js";

test("an exported store, imported into a copy, loads the same states and takes commands alone", async () => {
  const store = new MemoryEventStore();
  const { identity, User, users } = identityDomain(store, { snapshotThreshold: 3 });
  const ada = User.register("ada@example.com", new Date("2024-05-01T10:00:00.000Z"));
  for (let i = 1; i <= 4; i++) ada.rename(`Ada ${i}`);
  await users.add(ada);
  const bob = User.register("bob@example.com");
  await users.add(bob);
  const live = await readAll(store, ["user", "user:snapshot"]);
  expect(live.some((m) => m.streamName.startsWith("user:snapshot-"))).toBe(true);

  const replica = await replicateDomain(identity, parseNdjson(exportNdjson(live)));
  const copied = await readAll(replica.eventStore, ["user", "user:snapshot"]);
  const stored = (m: (typeof live)[number]) => ({
    id: m.id,
    streamName: m.streamName,
    position: m.position,
    globalPosition: m.globalPosition,
    type: m.type,
    data: m.data,
    metadata: m.metadata,
  });
  expect(copied.map(stored)).toEqual(live.map(stored));

  const copies = replica.repositoryFor(User);
  for (const user of [ada, bob])
    expect({ ...(await copies.get(user.id)) }).toEqual({ ...(await users.get(user.id)) });

  await copies.transact(ada.id, (user) => user.rename("Copy"));
  expect((await copies.get(ada.id)).firstName).toBe("Copy");
  expect((await users.get(ada.id)).firstName).toBe("Ada 4");
  expect(await readAll(store, ["user", "user:snapshot"])).toEqual(live);
});
