// Type-level tests of the public API: `npm run check` (tsc) fails when one of them breaks.
import { expectTypeOf } from "vitest";
import { z } from "zod";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import {
  ANY_VERSION,
  type AppendResult,
  type CommitOptions,
  type CommitResult,
  type CommittedStream,
  Domain,
  type DomainEvent,
  type EventData,
  type EventInput,
  type ExpectedVersion,
  ExpectedVersionError,
  isExpectedVersionError,
  NO_STREAM,
  type Repository,
  type StreamAppend,
  type TransactOptions,
} from "../../core/index.js";

const identity = new Domain("identity", { eventStore: new MemoryEventStore() });
const Registered = identity.event("Registered", z.object({ email: z.string().email() }));
const Deposited = identity.event(
  "Deposited",
  z.object({ amount: z.number(), at: z.coerce.date().default(() => new Date(0)) }),
);

class User extends identity.eventSourcedAggregate(
  "User",
  z.object({ email: z.string(), firstName: z.string().optional() }),
) {
  static register(email: string) {
    const user = User.create({ email });
    user.raise(Registered({ email }));
    return user;
  }
  static {
    this.applyEvent(Registered, (user, data, event) => {
      expectTypeOf(user.email).toEqualTypeOf<string>();
      expectTypeOf(data).toEqualTypeOf<{ email: string }>();
      expectTypeOf(event.position).toEqualTypeOf<number>();
      user.email = data.email;
    });
  }
}

// The domain's name is part of its type; so are its events'.
expectTypeOf(identity).toEqualTypeOf<Domain<"identity">>();
expectTypeOf(Registered.domain).toEqualTypeOf<"identity">();
expectTypeOf(Registered({ email: "a@b.c" })).toEqualTypeOf<
  DomainEvent<"Registered", { email: string }, "identity">
>();

// EventData and EventInput infer what handlers get and what factories take.
expectTypeOf<EventData<typeof Registered>>().toEqualTypeOf<{ email: string }>();
expectTypeOf<EventData<typeof Deposited>>().toEqualTypeOf<{ amount: number; at: Date }>();
expectTypeOf<EventInput<typeof Deposited>>().toEqualTypeOf<{ amount: number; at?: unknown }>();

// State is inferred from the schema, with `id` added, read-only outside handlers.
const user = User.register("a@b.c");
expectTypeOf(user.id).toEqualTypeOf<string>();
expectTypeOf(user.email).toEqualTypeOf<string>();
expectTypeOf(user.firstName).toEqualTypeOf<string | undefined>();
expectTypeOf(user._version).toEqualTypeOf<number>();
// @ts-expect-error state is read-only outside apply handlers
user.email = "changed@b.c";
// @ts-expect-error create validates its input type: email is required
User.create({});
// @ts-expect-error an event factory checks its input type
Registered({ email: 42 });

// A named identifier: no `id` in the schema, and the class is still concrete (was TS2515).
class Account extends identity.eventSourcedAggregate(
  "Account",
  z.object({ code: z.string(), balance: z.number().default(0) }),
  { identifier: "code" },
) {}
expectTypeOf(Account.create({ code: "ACC1" }).id).toEqualTypeOf<string>();
expectTypeOf(Account.create({ code: "ACC1" }).balance).toEqualTypeOf<number>();
// @ts-expect-error the identifier names a field of the schema
identity.eventSourcedAggregate("Bad", z.object({ code: z.string() }), { identifier: "nope" });

// Events of another domain are refused by the type checker.
const billing = new Domain("billing", { eventStore: new MemoryEventStore() });
const Charged = billing.event("Charged", z.object({ amount: z.number() }));
// @ts-expect-error Charged belongs to "billing", User to "identity"
user.raise(Charged({ amount: 1 }));
// @ts-expect-error a handler for another domain's event
User.applyEvent(Charged, () => {});

// Repositories are typed by their class.
const users = identity.repositoryFor(User);
expectTypeOf(users).toEqualTypeOf<Repository<typeof User>>();
expectTypeOf(users.get("id")).resolves.toEqualTypeOf<User>();
expectTypeOf(users.transact("id", () => 42)).resolves.toEqualTypeOf<number>();
// @ts-expect-error a repository adds only its own class
users.add(Account.create({ code: "x" }));

// Read-your-writes: add reports the commit (undefined inside a unit of work, which commits later);
// transact keeps the command's result and reports the commit through onCommit, as does a unit.
expectTypeOf(users.add(User.register("a@example.com"))).resolves.toEqualTypeOf<
  CommitResult | undefined
>();
expectTypeOf<CommitResult["globalPosition"]>().toEqualTypeOf<number>();
expectTypeOf<CommitResult["streams"]>().toEqualTypeOf<readonly CommittedStream[]>();
expectTypeOf<CommittedStream>().toEqualTypeOf<{
  readonly streamName: string;
  readonly position: number;
  readonly globalPosition: number;
}>();
expectTypeOf(
  users.transact("id", () => "done", {
    onCommit: (commit) => expectTypeOf(commit).toEqualTypeOf<CommitResult>(),
  }),
).resolves.toEqualTypeOf<string>();
expectTypeOf(
  identity.unitOfWork(async () => 7, { onCommit: (commit) => commit.globalPosition }),
).resolves.toEqualTypeOf<number>();
expectTypeOf<TransactOptions>().toMatchTypeOf<CommitOptions>();
// @ts-expect-error onCommit receives a CommitResult, not a number
users.transact("id", () => 1, { onCommit: (commit: number) => commit });
// The store port reports the global position of each stream's last message.
expectTypeOf<AppendResult["globalPosition"]>().toEqualTypeOf<number>();

// Version sentinels and guards.
expectTypeOf(NO_STREAM).toEqualTypeOf<-1>();
expectTypeOf(ANY_VERSION).toEqualTypeOf<null>();
expectTypeOf<StreamAppend["expectedVersion"]>().toEqualTypeOf<ExpectedVersion>();
const caught: unknown = new ExpectedVersionError("user-1", 0, 1);
if (isExpectedVersionError(caught)) {
  expectTypeOf(caught.actualVersion).toEqualTypeOf<number>();
  expectTypeOf(caught.code).toEqualTypeOf<"EXPECTED_VERSION">();
}
