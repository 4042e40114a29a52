import { expect, it } from "vitest";
import { identityDomain } from "../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../adapters/memory/index.js";
import { AggregateSpecificationError, aggregateSpec } from "./index.js";

// The kit in Chromium: nothing in it needs Node.
it("specifies an aggregate in the browser, with the same failure message", async () => {
  const { User, Registered, Renamed } = identityDomain(new MemoryEventStore());
  const given = aggregateSpec(User);
  const registered = Registered({ email: "ada@example.com", joinedOn: new Date(0) });
  await given(registered)
    .when((user) => user.rename("Ada"))
    .then(Renamed({ firstName: "Ada" }));
  const error = await given(registered)
    .when((user) => user.rename("Ada"))
    .then(Renamed({ firstName: "Grace" }))
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AggregateSpecificationError);
  expect((error as Error).message).toContain('      firstName: expected "Grace", got "Ada"');
});
