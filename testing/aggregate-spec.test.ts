import { describe, expect, it } from "vitest";
import { identityDomain } from "../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../adapters/memory/index.js";
import { UsageError, ValidationError } from "../core/index.js";
import { AggregateSpecificationError, aggregateSpec } from "./index.js";

const { User, Registered, Renamed } = identityDomain(new MemoryEventStore());
const given = aggregateSpec(User, { id: "7" });
const registered = Registered({ email: "ada@example.com" });

/** The rejection of a specification expected to fail, so its message can be compared in full. */
async function failure(spec: Promise<unknown>): Promise<AggregateSpecificationError> {
  const error = await spec.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AggregateSpecificationError);
  return error as AggregateSpecificationError;
}

describe("aggregateSpec: passing specifications", () => {
  it("runs the command on the aggregate rebuilt from the given events", async () => {
    let user: InstanceType<typeof User> | undefined;
    await given(registered, Renamed({ firstName: "A" }))
      .when((u) => {
        expect(u._version).toBe(1);
        u.rename("Ada");
        user = u;
      })
      .then(Renamed({ firstName: "Ada" }));
    if (!user) throw new Error("the command did not run");
    expect(user.id).toBe("7");
    expect(user._version).toBe(2);
    expect(user.toJSON()).toMatchObject({ email: "ada@example.com", firstName: "Ada", renames: 2 });
  });

  it("given() with no events: the command creates the aggregate", async () => {
    await given()
      .when(() => User.register("ada@example.com"))
      .then(registered);
  });

  it("stores given data as the repository does: a Date comes back as a Date", async () => {
    const joinedOn = new Date("2026-01-02T03:04:05.000Z");
    let seen: unknown;
    await given(Registered({ email: "ada@example.com", joinedOn }))
      .when((user) => {
        seen = user.joinedOn;
      })
      .then();
    expect(seen).toEqual(joinedOn);
    expect(seen).toBeInstanceOf(Date);
  });

  it("awaits asynchronous commands", async () => {
    await given(registered)
      .when(async (u) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        u.rename("Later");
      })
      .then(Renamed({ firstName: "Later" }));
  });

  it("thenThrows accepts an error class, a predicate, or both", async () => {
    const long = "x".repeat(51);
    await given(registered)
      .when((u) => u.rename(long))
      .thenThrows(ValidationError);
    await given(registered)
      .when((u) => u.fail("no"))
      .thenThrows((e) => e instanceof Error && e.message === "handler refused: no");
    await given(registered)
      .when((u) => u.rename(long))
      .thenThrows(ValidationError, (e) => e.subject === "event Renamed");
  });

  it("compares metadata only when an expected event carries some", async () => {
    const correlated = { metadata: { correlationStreamName: "order-1" } };
    const { User: Correlating, Renamed: R } = identityDomain(new MemoryEventStore());
    class Tagged extends Correlating {
      renameFor(firstName: string) {
        this.raise(R({ firstName }, correlated));
      }
    }
    const spec = aggregateSpec(Tagged);
    await spec(registered)
      .when((u) => u.renameFor("Ada"))
      .then(R({ firstName: "Ada" }));
    await spec(registered)
      .when((u) => u.renameFor("Ada"))
      .then(R({ firstName: "Ada" }, correlated));
    const error = await failure(
      spec(registered)
        .when((u) => u.renameFor("Ada"))
        .then(R({ firstName: "Ada" }, { metadata: { correlationStreamName: "order-2" } })),
    );
    expect(error.message).toContain(
      '    metadata.correlationStreamName: expected "order-2", got "order-1"',
    );
  });
});

describe("aggregateSpec: failure messages say what differs", () => {
  it("a changed event: the diff and the field that differs", async () => {
    const error = await failure(
      given(registered)
        .when((u) => u.rename("Ada"))
        .then(Renamed({ firstName: "Ada Lovelace" })),
    );
    expect(error.message).toBe(
      [
        "User: the command raised 1 event, not the 1 expected (given 1 event).",
        "",
        "  - expected",
        "  + actual",
        "",
        '  - Renamed {firstName: "Ada Lovelace"}',
        '  + Renamed {firstName: "Ada"}',
        '      firstName: expected "Ada Lovelace", got "Ada"',
      ].join("\n"),
    );
    expect(error.expectedEvents).toEqual([Renamed({ firstName: "Ada Lovelace" })]);
    expect(error.actualEvents).toEqual([Renamed({ firstName: "Ada" })]);
  });

  it("a missing and an extra event, around the ones that match", async () => {
    const missing = await failure(
      given(registered)
        .when((u) => u.rename("A"))
        .then(Renamed({ firstName: "A" }), Renamed({ firstName: "B" })),
    );
    expect(missing.message).toBe(
      [
        "User: the command raised 1 event, not the 2 expected (given 1 event).",
        "",
        "  - expected",
        "  + actual",
        "",
        '    Renamed {firstName: "A"}',
        '  - Renamed {firstName: "B"}',
      ].join("\n"),
    );
    const extra = await failure(
      given()
        .when(() => {
          const user = User.register("ada@example.com");
          user.rename("A");
          return user;
        })
        .then(registered),
    );
    expect(extra.message).toBe(
      [
        "User: the command raised 2 events, not the 1 expected.",
        "",
        "  - expected",
        "  + actual",
        "",
        '    Registered {email: "ada@example.com"}',
        '  + Renamed {firstName: "A"}',
      ].join("\n"),
    );
  });

  it("events were expected but none were raised, and the other way round", async () => {
    const none = await failure(
      given(registered)
        .when(() => {})
        .then(Renamed({ firstName: "A" })),
    );
    expect(none.message).toBe(
      [
        "User: the command raised no events, not the 1 expected (given 1 event).",
        "",
        "  - expected",
        "  + actual",
        "",
        '  - Renamed {firstName: "A"}',
      ].join("\n"),
    );
    const some = await failure(
      given(registered)
        .when((u) => u.rename("A"))
        .then(),
    );
    expect(some.message).toBe(
      [
        "User: the command raised 1 event, not the none expected (given 1 event).",
        "",
        "  - expected",
        "  + actual",
        "",
        '  + Renamed {firstName: "A"}',
      ].join("\n"),
    );
  });

  it("events were expected but the command threw", async () => {
    const error = await failure(
      given(registered)
        .when((u) => u.rename("x".repeat(51)))
        .then(Renamed({ firstName: "A" })),
    );
    expect(error.message).toBe(
      [
        "User: expected 1 event:",
        '  Renamed {firstName: "A"}',
        "but the command threw ValidationError: Invalid event Renamed: firstName: Too big: expected string to have <=50 characters",
      ].join("\n"),
    );
    expect(error.cause).toBeInstanceOf(ValidationError);
  });

  it("an error was expected but the command succeeded", async () => {
    const error = await failure(
      given(registered)
        .when((u) => u.rename("Ada"))
        .thenThrows(ValidationError),
    );
    expect(error.message).toBe(
      [
        "User: expected the command to throw ValidationError, but it succeeded and raised 1 event:",
        '  Renamed {firstName: "Ada"}',
      ].join("\n"),
    );
  });

  it("another error class was thrown", async () => {
    const error = await failure(
      given(registered)
        .when((u) => u.fail("no"))
        .thenThrows(ValidationError),
    );
    expect(error.message).toBe(
      "User: expected the command to throw ValidationError, but it threw Error: handler refused: no",
    );
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("the predicate rejected the error", async () => {
    const error = await failure(
      given(registered)
        .when((u) => u.rename("x".repeat(51)))
        .thenThrows(ValidationError, (e) => e.issues[0]?.path === "email"),
    );
    expect(error.message).toBe(
      [
        "User: the command threw ValidationError: Invalid event Renamed: firstName: Too big: expected string to have <=50 characters",
        'but the check (e) => e.issues[0]?.path === "email" returned false for it.',
      ].join("\n"),
    );
  });

  it("Date, Map and nested values read as themselves in the diff", async () => {
    const joinedOn = new Date("2026-01-02T00:00:00.000Z");
    const error = await failure(
      given()
        .when(() => User.register("ada@example.com", joinedOn))
        .then(Registered({ email: "ada@example.com", joinedOn: new Date("2026-01-03") })),
    );
    expect(error.message).toContain(
      '  + Registered {email: "ada@example.com", joinedOn: Date(2026-01-02T00:00:00.000Z)}',
    );
    expect(error.message).toContain(
      "      joinedOn: expected Date(2026-01-03T00:00:00.000Z), got Date(2026-01-02T00:00:00.000Z)",
    );
  });
});

describe("aggregateSpec: misuse is reported, not passed", () => {
  it("given events the aggregate cannot apply", async () => {
    const { identity, User: Strict } = identityDomain(new MemoryEventStore());
    const Unknown = identity.event("Unknown", Registered.schema);
    const error = await failure(
      aggregateSpec(Strict, { id: "1" })(Unknown({ email: "a@example.com" }))
        .when(() => {})
        .then(),
    );
    expect(error.message).toBe(
      'User: the given events could not be loaded from user-1: Stream user-1 holds event "Unknown" at position 0, but User has no apply handler for it.',
    );
  });

  it("given() whose command returns no aggregate", async () => {
    await expect(
      given()
        // @ts-expect-error: a creation command must return the aggregate
        .when(() => 42)
        .then(registered),
    ).rejects.toThrow(
      "User specification: given() has no events, so the command must create the aggregate and return it, e.g. .when(() => User.create({...})); it returned number 42.",
    );
  });

  it("awaiting a specification without .then(...) or .thenThrows(...) rejects", async () => {
    const stage = given(registered).when((u) => u.rename("A"));
    // @ts-expect-error: the stage is not a promise; awaiting it is a mistake the types reject too
    await expect((async () => await stage)()).rejects.toThrow(UsageError);
  });

  it("an event type where an event belongs", async () => {
    await expect(
      given(registered)
        .when((u) => u.rename("A"))
        // @ts-expect-error: an event type, not an event
        .then(Renamed),
    ).rejects.toThrow(
      "User specification: .then takes events, not event types: .then(Renamed({ ... })).",
    );
  });

  it("types: given data is checked against the event types, and commands against the aggregate", () => {
    // Only compiled, not run: the checks are tsc's.
    const typeChecks = () => {
      // @ts-expect-error: firstName is a string
      Renamed({ firstName: 42 });
      // @ts-expect-error: a creation command takes no aggregate
      given().when((u: InstanceType<typeof User>) => u.rename("A"));
      // @ts-expect-error: rename exists, renameTo does not
      given(registered).when((u) => u.renameTo("A"));
      given(registered)
        .when(() => {})
        // @ts-expect-error: events, not plain strings
        .then("Renamed");
    };
    expect(typeof typeChecks).toBe("function");
  });
});
