import { expect, it } from "vitest";
import { identityDomain } from "../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../adapters/memory/index.js";
import { eventMessage } from "./event-message.js";

it("writes an event exactly as repository.add does (data, metadata, type tags)", async () => {
  const store = new MemoryEventStore();
  const { identity, User, Registered, users } = identityDomain(store, {
    snapshotThreshold: Number.POSITIVE_INFINITY,
  });
  const Moved = identity.event("Moved", Registered.schema, { version: 3 });
  User.applyEvent(Moved, () => {});
  const joinedOn = new Date("2026-05-06T07:08:09.000Z");
  const events = [
    Registered({ email: "ada@example.com", joinedOn }),
    Moved({ email: "b@example.com" }, { metadata: { correlationStreamName: "order-1" } }),
  ];
  const user = User.create({ email: "ada@example.com" });
  for (const e of events) user.raise(e);
  await users.add(user);
  const written = await store.readStream(`user-${user.id}`);
  expect(written.map(({ type, data, metadata }) => ({ type, data, metadata }))).toEqual(
    events.map((e) => {
      const { type, data, metadata } = eventMessage(e);
      return { type, data, metadata: metadata ?? null };
    }),
  );
  expect(written[0]?.metadata).toEqual({ strataTypes: { "/joinedOn": "Date" } });
  expect(written[1]?.metadata).toEqual({ correlationStreamName: "order-1", schemaVersion: 3 });
});
