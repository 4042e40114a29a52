import { describe, expect, it, vi } from "vitest";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import { streamName } from "../../core/store-kit.js";

const setup = () => {
  const store = new MemoryEventStore();
  return { store, ...identityDomain(store, { cache: { maxEntries: 2 }, logger: { warn() {} } }) };
};

describe("aggregate cache", () => {
  it("lets transact write without reading, and get read only the events after the cached version", async () => {
    const { User, users, store } = setup();
    const user = User.register("ada@example.com");
    await users.add(user);
    const readStream = vi.spyOn(store, "readStream");
    const lastMessage = vi.spyOn(store, "lastMessage");
    await users.transact(user.id, (u) => u.rename("Ada"));
    expect(readStream).not.toHaveBeenCalled();
    expect(lastMessage).not.toHaveBeenCalled();
    const loaded = await users.get(user.id);
    expect(readStream).toHaveBeenCalledWith(streamName("user", user.id), { fromPosition: 2 });
    expect(lastMessage).not.toHaveBeenCalled();
    expect(loaded.firstName).toBe("Ada");
    expect(loaded._version).toBe(1);
  });

  it("recovers from a stale entry with one retry", async () => {
    const { User, users, store } = setup();
    const user = User.register("ada@example.com");
    await users.add(user);
    // Another process writes behind this cache's back.
    await store.append([
      {
        streamName: streamName("user", user.id),
        messages: [{ id: crypto.randomUUID(), type: "Renamed", data: { firstName: "Elsewhere" } }],
        expectedVersion: 0,
      },
    ]);
    let runs = 0;
    await users.transact(user.id, (u) => {
      runs += 1;
      u.rename(`${u.firstName ?? "none"} then here`);
    });
    expect(runs).toBe(2);
    expect((await users.get(user.id)).firstName).toBe("Elsewhere then here");
  });

  it("never shares state between a cached entry and the aggregates it hands out", async () => {
    const { User, users } = setup();
    const user = User.register("ada@example.com");
    await users.add(user);
    const a = await users.get(user.id);
    a.rename("Only in a");
    const b = await users.get(user.id);
    expect(b.firstName).toBeUndefined();
    expect(b._version).toBe(0);
  });

  it("keeps at most maxEntries aggregates", async () => {
    const { User, users, store } = setup();
    const ids: string[] = [];
    for (const email of ["a@x.io", "b@x.io", "c@x.io"]) {
      const u = User.register(email);
      await users.add(u);
      ids.push(u.id);
    }
    const lastMessage = vi.spyOn(store, "lastMessage");
    await users.get(ids[2] as string);
    expect(lastMessage).not.toHaveBeenCalled();
    await users.get(ids[0] as string);
    expect(lastMessage).toHaveBeenCalledOnce();
  });
});
