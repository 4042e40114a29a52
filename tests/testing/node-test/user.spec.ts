// Run by testing/node-test-runner.test.ts with `node --import tsx --test`: the kit under
// node:test, with no vitest anywhere. One specification passes, one fails on purpose.
import { test } from "node:test";
import { identityDomain } from "../../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../../adapters/memory/index.js";
import { aggregateSpec } from "../../../testing/index.js";

const { User, Registered, Renamed } = identityDomain(new MemoryEventStore());
const given = aggregateSpec(User);

test("a user renames", () =>
  given(Registered({ email: "ada@example.com" }))
    .when((user) => user.rename("Ada"))
    .then(Renamed({ firstName: "Ada" })));

test("a specification that does not hold", () =>
  given(Registered({ email: "ada@example.com" }))
    .when((user) => user.rename("Ada"))
    .then(Renamed({ firstName: "Grace" })));
