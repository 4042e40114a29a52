import { describe, expect, it } from "vitest";
import { z } from "zod";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import { ConfigurationError, Domain, UsageError, ValidationError } from "../../core/index.js";

const setup = () => identityDomain(new MemoryEventStore());

describe("aggregate versions (behaviour 1)", () => {
  it("gives a registered user _version 0, two events 1, and 12 events reloaded 11", async () => {
    const { User, users } = setup();
    const user = User.register("ada@example.com");
    expect(user._version).toBe(0);
    expect(user.pendingEvents.map((p) => p.expectedVersion)).toEqual([-1]);
    user.rename("Ada");
    expect(user._version).toBe(1);
    expect(user.pendingEvents.map((p) => p.expectedVersion)).toEqual([-1, 0]);
    for (let i = 2; i < 12; i++) user.rename(`Ada ${i}`);
    await users.add(user);
    expect(user.pendingEvents).toHaveLength(0);
    const loaded = await users.get(user.id);
    expect(loaded._version).toBe(11);
    expect(loaded.firstName).toBe("Ada 11");
  });

  it("starts a created aggregate at version -1 with an id", () => {
    const { User } = setup();
    const user = User.create({ email: "x@example.com" });
    expect(user._version).toBe(-1);
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(user.renames).toBe(0);
  });
});

describe("raise (behaviour 2)", () => {
  it("leaves the aggregate unchanged when the handler throws", () => {
    const { User } = setup();
    const user = User.register("ada@example.com");
    user.rename("Ada");
    const before = structuredClone(user.toJSON());
    expect(() => user.fail("nope")).toThrow("handler refused: nope");
    expect(user.toJSON()).toEqual(before);
    expect(user.renames).toBe(1);
    expect(user._version).toBe(1);
    expect(user.pendingEvents).toHaveLength(2);
  });

  it("rolls back nested changes of a throwing handler", () => {
    const identity = new Domain("d", { eventStore: new MemoryEventStore() });
    const Tagged = identity.event("Tagged", z.object({ tag: z.string() }));
    class Post extends identity.eventSourcedAggregate(
      "Post",
      z.object({ tags: z.array(z.string()), meta: z.object({ count: z.number() }) }),
    ) {
      static {
        this.applyEvent(Tagged, (post, e) => {
          post.tags.push(e.tag);
          post.meta.count += 1;
          if (e.tag === "bad") throw new Error("no bad tags");
        });
      }
    }
    const post = Post.create({ tags: ["a"], meta: { count: 1 } });
    post.raise(Tagged({ tag: "b" }));
    expect(() => post.raise(Tagged({ tag: "bad" }))).toThrow("no bad tags");
    expect(post.toJSON()).toEqual({ id: post.id, tags: ["a", "b"], meta: { count: 2 } });
    expect(post._version).toBe(0);
  });

  it("refuses an event with no apply handler, unchanged", () => {
    const identity = new Domain("d", { eventStore: new MemoryEventStore() });
    const Happened = identity.event("Happened", z.object({}));
    class Thing extends identity.eventSourcedAggregate("Thing", z.object({})) {}
    const thing = Thing.create({});
    expect(() => thing.raise(Happened({}))).toThrow(UsageError);
    expect(() => thing.raise(Happened({}))).toThrow(
      /Thing has no apply handler for event "Happened"/,
    );
    expect(thing._version).toBe(-1);
    expect(thing.pendingEvents).toHaveLength(0);
  });

  it("keeps state read-only outside handlers and events frozen", () => {
    const { User, Renamed } = setup();
    const event = Renamed({ firstName: "Ada" });
    expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen(event.data)).toBe(true);
    const user = User.register("a@example.com");
    // @ts-expect-error state is readonly outside apply handlers
    user.email = "changed@example.com";
  });
});

describe("validation (behaviour 11)", () => {
  it("throws ValidationError naming the field in create, and records nothing", () => {
    const { User } = setup();
    const error = (() => {
      try {
        User.create({ email: 42 as unknown as string });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe("email");
    expect((error as Error).message).toMatch(/^Invalid aggregate User: email: /);
  });

  it("throws ValidationError naming the field when an invalid event is raised, and records nothing", () => {
    const { User, Renamed } = setup();
    const user = User.register("ada@example.com");
    expect(() => user.raise(Renamed({ firstName: "x".repeat(51) }))).toThrow(ValidationError);
    expect(() => user.rename("x".repeat(51))).toThrow(/Invalid event Renamed: firstName: /);
    expect(user._version).toBe(0);
    expect(user.pendingEvents).toHaveLength(1);
    expect(user.firstName).toBeUndefined();
  });
});

describe("definitions (behaviour 12)", () => {
  it("refuses a stream category containing '-' at definition time", () => {
    const identity = new Domain("d", { eventStore: new MemoryEventStore() });
    expect(() =>
      identity.eventSourcedAggregate("User", z.object({}), { streamCategory: "user-account" }),
    ).toThrow(ConfigurationError);
    expect(() =>
      identity.eventSourcedAggregate("User", z.object({}), { streamCategory: "user-account" }),
    ).toThrow(/may not contain "-"/);
  });

  it("camelCases the default category and refuses two aggregates in one category", () => {
    const identity = new Domain("d", { eventStore: new MemoryEventStore() });
    const OrderLine = identity.eventSourcedAggregate("OrderLine", z.object({}));
    expect(OrderLine.streamCategory).toBe("orderLine");
    expect(() =>
      identity.eventSourcedAggregate("Other", z.object({}), { streamCategory: "orderLine" }),
    ).toThrow(/would share stream category "orderLine"/);
  });

  it("uses a named identifier instead of a generated id", async () => {
    const identity = new Domain("d", { eventStore: new MemoryEventStore() });
    const Opened = identity.event("Opened", z.object({ code: z.string() }));
    class Account extends identity.eventSourcedAggregate(
      "Account",
      z.object({ code: z.string() }),
      {
        identifier: "code",
      },
    ) {
      static {
        this.applyEvent(Opened, (a, e) => {
          a.code = e.code;
        });
      }
    }
    const account = Account.create({ code: "ACC1" });
    expect(account.id).toBe("ACC1");
    account.raise(Opened({ code: "ACC1" }));
    const accounts = identity.repositoryFor(Account);
    await accounts.add(account);
    expect(await identity.eventStore.streamVersion("account-ACC1")).toBe(0);
    expect((await accounts.get("ACC1")).code).toBe("ACC1");
  });

  it("refuses bad domain configuration with a message that says how to fix it", () => {
    expect(() => new Domain("d", { eventStore: { provider: "nosuch" } })).toThrow(
      /Unknown event store provider "nosuch"/,
    );
    expect(
      () => new Domain("d", { eventStore: new MemoryEventStore(), snapshotThreshold: 0 }),
    ).toThrow(/snapshotThreshold of domain d must be an integer >= 1/);
    const other = new Domain("other", { eventStore: new MemoryEventStore() });
    const { User } = setup();
    expect(() => other.repositoryFor(User)).toThrow(/is not an aggregate of domain "other"/);
  });

  it("resolves a registered provider from the seed's config form", () => {
    const identity = new Domain("d", { eventStore: { provider: "memory" } });
    expect(identity.eventStore).toBeInstanceOf(MemoryEventStore);
  });
});
