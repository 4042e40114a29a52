import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import {
  ConfigurationError,
  Domain,
  ErrorCode,
  ExpectedVersionError,
  isExpectedVersionError,
  isObjectNotFoundError,
  isStrataError,
  isUsageError,
  NO_STREAM,
  ObjectNotFoundError,
  UsageError,
} from "../../core/index.js";

const quiet = { warn: () => {} };

/** The errors module loaded once more as a separate module, as a second copy of the package would be. */
async function secondCopyOfErrors(tag: string): Promise<typeof import("../../core/errors.js")> {
  const specifier = `../../core/errors.ts?copy=${tag}`;
  return import(/* @vite-ignore */ specifier);
}

function accounts(eventStore = new MemoryEventStore(), cache = true) {
  const bank = new Domain("bank", { eventStore, cache, logger: quiet });
  const Opened = bank.event("Opened", z.object({ owner: z.string() }));
  const Deposited = bank.event("Deposited", z.object({ amount: z.number() }));
  class Account extends bank.eventSourcedAggregate(
    "Account",
    z.object({ owner: z.string(), balance: z.number().default(0) }),
  ) {
    static open(owner: string) {
      const account = Account.create({ owner });
      account.raise(Opened({ owner }));
      return account;
    }
    deposit(amount: number) {
      this.raise(Deposited({ amount }));
    }
    static {
      this.applyEvent(Opened, (a, e) => {
        a.owner = e.owner;
      });
      this.applyEvent(Deposited, (a, e) => {
        a.balance += e.amount;
      });
    }
  }
  return { bank, Opened, Deposited, Account, repo: bank.repositoryFor(Account) };
}

describe("events belong to their domain (point 5)", () => {
  it("refuses a handler for another domain's event type, even one with the same name", () => {
    const { User } = identityDomain(new MemoryEventStore());
    const other = new Domain("identity", { eventStore: new MemoryEventStore() });
    const ForeignRenamed = other.event("Renamed", z.object({ firstName: z.string() }));
    // Both domains are named "identity": only the runtime check can tell them apart.
    expect(() => User.applyEvent(ForeignRenamed, () => {})).toThrow(ConfigurationError);
    const billing = new Domain("billing", { eventStore: new MemoryEventStore() });
    const Charged = billing.event("Charged", z.object({ amount: z.number() }));
    const identity = new Domain("identity", { eventStore: new MemoryEventStore() });
    const Anything = identity.eventSourcedAggregate("Anything", z.object({}));
    expect(() =>
      // @ts-expect-error Charged is an event of domain "billing", Anything of "identity"
      Anything.applyEvent(Charged, () => {}),
    ).toThrow(/cannot apply event "Charged" of domain "billing"/);
  });

  it("refuses to raise another domain's event of the same name, leaving the aggregate unchanged", () => {
    const { User } = identityDomain(new MemoryEventStore());
    const twin = identityDomain(new MemoryEventStore());
    const user = User.register("ada@example.com");
    const foreign = twin.Renamed({ firstName: "Mallory" });
    expect(() => user.raise(foreign)).toThrow(UsageError);
    expect(() => user.raise(foreign)).toThrow(/was not made by the event type/);
    expect(user.firstName).toBeUndefined();
    expect(user._version).toBe(0);
    expect(user.pendingEvents).toHaveLength(1);
  });

  it("lets the type checker refuse an event of a differently named domain", () => {
    const { Account } = accounts();
    const shop = new Domain("shop", { eventStore: new MemoryEventStore() });
    const Sold = shop.event("Sold", z.object({ sku: z.string() }));
    const account = Account.open("ada");
    // @ts-expect-error Sold belongs to domain "shop", Account to "bank"
    expect(() => account.raise(Sold({ sku: "x" }))).toThrow(UsageError);
  });
});

describe("units of work (point 6)", () => {
  it("refuses a unit's repository after the unit committed, and after it failed", async () => {
    const { identity, User } = identityDomain(new MemoryEventStore(), { logger: quiet });
    let leaked: ReturnType<typeof identity.repositoryFor<typeof User>> | undefined;
    await identity.unitOfWork(async (uow) => {
      leaked = uow.repositoryFor(User);
      await leaked.add(User.register("a@example.com"));
    });
    const late = User.register("late@example.com");
    await expect(leaked?.add(late)).rejects.toThrow(/this unit of work has committed/);
    await expect(leaked?.get(late.id)).rejects.toBeInstanceOf(UsageError);

    let failedRepo: typeof leaked;
    await expect(
      identity.unitOfWork(async (uow) => {
        failedRepo = uow.repositoryFor(User);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(failedRepo?.add(User.register("b@example.com"))).rejects.toThrow(
      /this unit of work has failed/,
    );
    expect(await identity.eventStore.streamVersion(`user-${late.id}`)).toBe(NO_STREAM);
  });

  it("warns when an aggregate of a running unit is added through the domain's repository", async () => {
    const warn = vi.fn();
    const { identity, User, users } = identityDomain(new MemoryEventStore(), {
      logger: { warn },
    });
    const existing = User.register("a@example.com");
    await users.add(existing);
    await identity.unitOfWork(async (uow) => {
      const inUnit = await uow.repositoryFor(User).get(existing.id);
      inUnit.rename("Written at once");
      await users.add(inUnit);
    });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/written now, outside the unit/));
    expect((await users.get(existing.id)).firstName).toBe("Written at once");
  });
});

describe("empty adds (point 7)", () => {
  it("refuses a new aggregate with no events, in a repository and in a unit of work", async () => {
    const { identity, User, users } = identityDomain(new MemoryEventStore(), { logger: quiet });
    const empty = User.create({ email: "nobody@example.com" });
    await expect(users.add(empty)).rejects.toThrow(/a new aggregate needs at least one event/);
    await expect(
      identity.unitOfWork(async (uow) => uow.repositoryFor(User).add(empty)),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(users.get(empty.id)).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it("lets an add of a loaded aggregate with nothing pending be a no-op", async () => {
    const { User, users } = identityDomain(new MemoryEventStore(), { logger: quiet });
    const user = User.register("a@example.com");
    await users.add(user);
    await users.add(await users.get(user.id));
    expect((await users.get(user.id))._version).toBe(0);
  });
});

describe("error codes and guards (point 8)", () => {
  it("recognises errors of another copy of the package by their registered mark and code", async () => {
    const copy = await secondCopyOfErrors("second");
    expect(copy.ExpectedVersionError).not.toBe(ExpectedVersionError);
    const foreign = new copy.ExpectedVersionError("user-1", 0, 1);
    expect(foreign instanceof ExpectedVersionError).toBe(false);
    expect(isExpectedVersionError(foreign)).toBe(true);
    expect(isStrataError(foreign)).toBe(true);
    expect(isUsageError(foreign)).toBe(false);
    expect(isExpectedVersionError(new Error("Wrong expected version"))).toBe(false);
    expect(isObjectNotFoundError(new copy.VersionNotFoundError("User", "1", 5, 2))).toBe(true);
    expect(foreign.code).toBe(ErrorCode.expectedVersion);
  });

  it("retries transact on a conflict thrown by another copy of the package", async () => {
    const copy = await secondCopyOfErrors("third");
    const store = new MemoryEventStore();
    const { User, users } = identityDomain(store, { logger: quiet, cache: false });
    const user = User.register("a@example.com");
    await users.add(user);
    const append = store.append.bind(store);
    let failures = 1;
    store.append = async (appends) => {
      if (failures-- > 0) throw new copy.ExpectedVersionError(`user-${user.id}`, 0, 1);
      return append(appends);
    };
    await users.transact(user.id, (u) => u.rename("Retried"), { backoffMs: 1 });
    expect((await users.get(user.id)).firstName).toBe("Retried");
  });
});

describe("a rebuilt aggregate equals the one in memory (point 11)", () => {
  it("starts a rebuild from per-field schema defaults, with the cache off and in a second domain", async () => {
    const store = new MemoryEventStore();
    const writer = accounts(store, true);
    const account = writer.Account.open("ada");
    expect(account.balance).toBe(0);
    account.deposit(5);
    await writer.repo.add(account);
    expect((await writer.repo.get(account.id)).balance).toBe(5);
    const reader = accounts(store, false);
    const loaded = await reader.repo.get(account.id);
    expect(loaded.balance).toBe(5);
    expect(loaded.toJSON()).toEqual(account.toJSON());
  });

  it("refuses the first add when create() set a field no event carries, naming it", async () => {
    const { identity, Registered, users } = identityDomain(new MemoryEventStore(), {
      logger: quiet,
    });
    const Note = identity.event("Noted", z.object({ text: z.string() }));
    class Memo extends identity.eventSourcedAggregate(
      "Memo",
      z.object({ title: z.string(), text: z.string().optional() }),
    ) {
      static {
        this.applyEvent(Note, (memo, e) => {
          memo.text = e.text;
        });
      }
    }
    const memos = identity.repositoryFor(Memo);
    const memo = Memo.create({ title: "Shopping" });
    memo.raise(Note({ text: "milk" }));
    const error = await memos.add(memo).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(
      /title is "Shopping" in memory but undefined when rebuilt/,
    );
    expect(await identity.eventStore.streamVersion(`memo-${memo.id}`)).toBe(NO_STREAM);
    expect(memo.pendingEvents).toHaveLength(1);
    expect(Registered).toBeDefined();
    expect(users).toBeDefined();
  });
});

describe("transact in one process (point 3)", () => {
  it("stops trusting the cache for a stream another writer conflicted on", async () => {
    const store = new MemoryEventStore();
    const a = identityDomain(store, { logger: quiet });
    const b = identityDomain(store, { logger: quiet });
    const user = a.User.register("a@example.com");
    await a.users.add(user);
    await a.users.transact(user.id, (u) => u.rename("A1"));
    await b.users.transact(user.id, (u) => u.rename("B1"));
    let runs = 0;
    await a.users.transact(user.id, (u) => {
      runs += 1;
      u.rename("A2");
    });
    expect(runs).toBe(2); // the cached state was stale: one conflict
    await b.users.transact(user.id, (u) => u.rename("B2"));
    runs = 0;
    await a.users.transact(user.id, (u) => {
      runs += 1;
      u.rename("A3");
    });
    expect(runs).toBe(1); // the stream is contended now: read before writing, no conflict
    expect((await a.users.get(user.id))._version).toBe(5);
  });

  it("runs a command that decided to do nothing on a stale cached state again, on the latest", async () => {
    const store = new MemoryEventStore();
    const a = identityDomain(store, { logger: quiet });
    const b = identityDomain(store, { logger: quiet });
    const user = a.User.register("a@example.com");
    await a.users.add(user);
    await a.users.transact(user.id, (u) => u.rename("Ada")); // a's cache: firstName Ada
    await b.users.transact(user.id, (u) => u.rename("Grace"));
    const seen: (string | undefined)[] = [];
    await a.users.transact(user.id, (u) => {
      seen.push(u.firstName);
      if (u.firstName !== "Ada") u.rename("Ada");
    });
    expect(seen).toEqual(["Ada", "Grace"]);
    expect((await b.users.get(user.id)).firstName).toBe("Ada");
  });

  it("refuses transact inside a unit of work", async () => {
    const { identity, User } = identityDomain(new MemoryEventStore(), { logger: quiet });
    await expect(
      identity.unitOfWork((uow) => uow.repositoryFor(User).transact("x", () => {})),
    ).rejects.toThrow(/transact retries by reloading/);
  });
});

it("keeps ObjectNotFoundError for an id that was never added", async () => {
  const { users } = identityDomain(new MemoryEventStore(), { logger: quiet });
  await expect(users.get("nobody")).rejects.toSatisfy(isObjectNotFoundError);
  await expect(users.get("nobody")).rejects.not.toSatisfy(isExpectedVersionError);
});
