import { context, createNoopMeter, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { afterEach, describe, expect, it } from "vitest";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import {
  ExpectedVersionError,
  ObjectNotFoundError,
  snapshotStreamName,
} from "../../core/store-kit.js";
import { STRATA_ATTRIBUTES as A, instrumentDomain } from "../../otel/index.js";
import {
  appendLaterSchemaSnapshot,
  transactAcrossAConflict,
} from "../support/identity-scenarios.js";
import { inMemorySdk, parentId, spanId } from "./otel-sdk.js";

const quiet = { warn: () => {} };
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(options: Parameters<typeof identityDomain>[1] = {}) {
  const sdk = inMemorySdk();
  cleanups.push(() => sdk.reset());
  const store = new MemoryEventStore();
  const fixture = identityDomain(store, { logger: quiet, ...options });
  const uninstall = instrumentDomain(fixture.identity, { tracer: sdk.tracer, meter: sdk.meter });
  cleanups.push(uninstall);
  return { sdk, store, uninstall, ...fixture };
}

function withContextManager() {
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  cleanups.push(() => context.disable());
}

describe("instrumentDomain", () => {
  it("traces a transact as strata.transact with strata.get and strata.append inside it", async () => {
    const { sdk, User, users } = setup();
    const user = User.register("ada@example.com");
    await users.add(user);
    await users.transact(user.id, (u) => u.rename("Ada"));
    const [transact] = sdk.named("strata.transact");
    const gets = sdk.named("strata.get");
    const appends = sdk.named("strata.append");
    const stream = `user-${user.id}`;
    expect(transact?.attributes).toMatchObject({
      [A.domain]: "identity",
      [A.stream]: stream,
      [A.category]: "user",
      [A.attempts]: 1,
    });
    expect(transact?.status.code).not.toBe(SpanStatusCode.ERROR);
    // The add before it is a root append; the transact's load and append are its children.
    expect(appends).toHaveLength(2);
    const [add, write] = appends;
    expect(parentId(add)).toBeUndefined();
    expect(add?.attributes).toMatchObject({
      [A.call]: "add",
      [A.expectedVersion]: -1,
      [A.newVersion]: 0,
      [A.eventCount]: 1,
    });
    expect(gets).toHaveLength(1);
    expect(parentId(gets[0])).toBe(spanId(transact));
    expect(gets[0]?.attributes).toMatchObject({
      [A.stream]: stream,
      [A.source]: "cache",
      [A.snapshotUsed]: false,
      [A.version]: 0,
      [A.attempt]: 1,
    });
    expect(parentId(write)).toBe(spanId(transact));
    expect(write?.attributes).toMatchObject({
      [A.stream]: stream,
      [A.call]: "transact",
      [A.expectedVersion]: 0,
      [A.newVersion]: 1,
      [A.eventCount]: 1,
      [A.snapshotWritten]: false,
      [A.attempt]: 1,
    });
    // Children lie within their parent (times are [seconds, nanoseconds]).
    const ns = ([s, n]: [number, number]) => BigInt(s) * 1_000_000_000n + BigInt(n);
    for (const child of [gets[0], write]) {
      expect(ns(child?.startTime ?? [0, 0])).toBeGreaterThanOrEqual(
        ns(transact?.startTime ?? [0, 0]),
      );
      expect(ns(child?.endTime ?? [0, 0])).toBeLessThanOrEqual(ns(transact?.endTime ?? [0, 0]));
    }
  });

  it("shows a conflict's retry: two attempts, a failed append, and the conflict counted", async () => {
    const { sdk, store, User, users } = setup();
    const user = User.register("ada@example.com");
    await users.add(user);
    // Another process writes between this run's load and its append.
    await transactAcrossAConflict(store, users, user.id);
    const [transact] = sdk.named("strata.transact");
    expect(transact?.attributes[A.attempts]).toBe(2);
    const children = sdk.finished().filter((s) => parentId(s) === spanId(transact));
    expect(
      children.map((s) => [
        s.name,
        s.attributes[A.attempt],
        s.status.code === SpanStatusCode.ERROR,
      ]),
    ).toEqual([
      ["strata.get", 1, false],
      ["strata.append", 1, true],
      ["strata.get", 2, false],
      ["strata.append", 2, false],
    ]);
    const refused = children[1];
    expect(refused?.attributes).toMatchObject({ [A.expectedVersion]: 0, [A.actualVersion]: 1 });
    expect(refused?.status.message).toContain("ExpectedVersionError");
    // The retry reloads from the store: the cached state was stale.
    expect(children[3]?.attributes).toMatchObject({ [A.expectedVersion]: 1, [A.newVersion]: 2 });
    expect(await sdk.points("strata.conflicts")).toEqual([
      { attributes: { [A.category]: "user", [A.call]: "transact" }, value: 1 },
    ]);
  });

  it("counts a conflict of add, and marks a transact that gives up as failed", async () => {
    const { sdk, store, User, users } = setup();
    const other = identityDomain(store, { logger: quiet });
    const user = User.register("ada@example.com");
    await users.add(user);
    const stale = await users.get(user.id);
    await other.users.transact(user.id, (o) => o.rename("Other"));
    stale.rename("Late");
    await expect(users.add(stale)).rejects.toBeInstanceOf(ExpectedVersionError);
    await expect(
      users.transact(
        user.id,
        async (u) => {
          await other.users.transact(user.id, (o) => o.rename(`Other ${Math.random()}`));
          u.rename("Never");
        },
        { maxAttempts: 2, backoffMs: 1 },
      ),
    ).rejects.toBeInstanceOf(ExpectedVersionError);
    const [transact] = sdk.named("strata.transact");
    expect(transact?.status.code).toBe(SpanStatusCode.ERROR);
    expect(transact?.attributes[A.attempts]).toBe(2);
    expect(transact?.events.map((e) => e.name)).toEqual(["exception"]);
    const counted = await sdk.points("strata.conflicts");
    expect(counted).toEqual(
      expect.arrayContaining([
        { attributes: { [A.category]: "user", [A.call]: "add" }, value: 1 },
        { attributes: { [A.category]: "user", [A.call]: "transact" }, value: 2 },
      ]),
    );
  });

  it("marks the get that used a snapshot, and the append that wrote one", async () => {
    const { sdk, User, users } = setup({ cache: false, snapshotThreshold: 3 });
    const user = User.register("ada@example.com");
    await users.add(user);
    for (let i = 0; i < 4; i++) await users.transact(user.id, (u) => u.rename(`N${i}`));
    const gets = sdk.named("strata.get");
    const appends = sdk.named("strata.append");
    // Version 2 is 3 events past none: the second transact's append writes the snapshot.
    expect(appends.map((s) => s.attributes[A.snapshotWritten])).toEqual([
      false,
      false,
      true,
      false,
      false,
    ]);
    expect(gets.map((s) => s.attributes[A.snapshotUsed])).toEqual([false, false, true, true]);
    expect(gets[2]?.attributes).toMatchObject({
      [A.source]: "snapshot",
      [A.eventsApplied]: 0,
      [A.version]: 2,
    });
    expect(gets[3]?.attributes).toMatchObject({ [A.eventsApplied]: 1, [A.version]: 3 });
    const loads = await sdk.points("strata.load.duration");
    const sources = loads.map((p) => p.attributes[A.source]).sort();
    expect(sources).toEqual(["replay", "snapshot"]);
  });

  it("describes a unit of work's append of several streams with parallel arrays", async () => {
    const { sdk, identity, User } = setup();
    const a = User.register("a@example.com");
    const b = User.register("b@example.com");
    await identity.unitOfWork(async (uow) => {
      const repo = uow.repositoryFor(User);
      await repo.add(a);
      await repo.add(b);
    });
    const [append] = sdk.named("strata.append");
    const streams = [`user-${a.id}`, `user-${b.id}`].sort();
    expect(append?.attributes).toMatchObject({
      [A.call]: "unitOfWork",
      [A.streams]: streams,
      [A.expectedVersions]: [-1, -1],
      [A.newVersions]: [0, 0],
      [A.eventCount]: 2,
    });
  });

  it("marks a failing command's transact as an error with the exception", async () => {
    const { sdk, User, users } = setup();
    await expect(users.transact("nobody", (u) => u.rename("x"))).rejects.toBeInstanceOf(
      ObjectNotFoundError,
    );
    const user = User.register("ada@example.com");
    await users.add(user);
    await expect(
      users.transact(user.id, () => {
        throw new TypeError("refused");
      }),
    ).rejects.toThrow("refused");
    const [missing, refused] = sdk.named("strata.transact");
    expect(missing?.status).toMatchObject({ code: SpanStatusCode.ERROR });
    expect(missing?.status.message).toContain("ObjectNotFoundError");
    expect(refused?.status).toEqual({ code: SpanStatusCode.ERROR, message: "TypeError: refused" });
    expect(refused?.events[0]?.attributes).toMatchObject({ "exception.message": "refused" });
  });

  it("nests in the caller's active span and propagates the transact span through the command", async () => {
    withContextManager();
    const { sdk, User, users } = setup();
    const user = User.register("ada@example.com");
    await users.add(user);
    let inCommand: string | undefined;
    await sdk.tracer.startActiveSpan("request", async (request) => {
      await users.get(user.id);
      await users.transact(user.id, (u) => {
        inCommand = trace.getSpan(context.active())?.spanContext().spanId;
        u.rename("Ada");
      });
      request.end();
    });
    const [request] = sdk.named("request");
    const [transact] = sdk.named("strata.transact");
    const [get] = sdk.named("strata.get");
    expect(parentId(get)).toBe(spanId(request));
    expect(parentId(transact)).toBe(spanId(request));
    // Whatever the command or the store traces (a pg query, say) nests in the transact span.
    expect(inCommand).toBe(spanId(transact));
    const inside = sdk.finished().filter((s) => parentId(s) === spanId(transact));
    expect(inside.map((s) => s.name)).toEqual(["strata.get", "strata.append"]);
  });

  it("adds a skipped snapshot to the active span as an event, with the reason", async () => {
    withContextManager();
    const { sdk, store, User, users } = setup({ cache: false });
    const user = User.register("ada@example.com");
    await users.add(user);
    // A snapshot no User can read: written by a later state schema version.
    await appendLaterSchemaSnapshot(store, user.id, 0);
    await users.transact(user.id, (u) => u.rename("Ada"));
    const [transact] = sdk.named("strata.transact");
    const [skipped] = transact?.events ?? [];
    expect(skipped?.name).toBe("strata.snapshot.skipped");
    expect(skipped?.attributes).toMatchObject({
      [A.stream]: snapshotStreamName("user", user.id),
      "strata.snapshot.reason": expect.stringContaining("schemaVersion 99"),
    });
    expect(sdk.named("strata.get")[0]?.attributes[A.source]).toBe("replay");
  });

  it.each([
    ["with", true],
    ["without", false],
  ])("keeps queued transacts on one stream apart, %s a context manager", async (_, manager) => {
    if (manager) withContextManager();
    const { sdk, User, users } = setup();
    const user = User.register("ada@example.com");
    await users.add(user);
    await Promise.all(
      ["A", "B", "C"].map((name) => users.transact(user.id, (u) => u.rename(name))),
    );
    const transacts = sdk.named("strata.transact");
    expect(transacts).toHaveLength(3);
    for (const transact of transacts) {
      const inside = sdk.finished().filter((s) => parentId(s) === spanId(transact));
      expect(inside.map((s) => s.name)).toEqual(["strata.get", "strata.append"]);
    }
  });

  it("records nothing once uninstalled, and gives the tap back as it was", async () => {
    const { sdk, identity, User, users, uninstall } = setup();
    expect(identity.tap.on).toBe(true);
    expect(identity.tap.aroundTransact).toBeTypeOf("function");
    uninstall();
    expect(identity.tap.on).toBe(false);
    expect(identity.tap.aroundTransact).toBeUndefined();
    const user = User.register("ada@example.com");
    await users.add(user);
    await users.transact(user.id, (u) => u.rename("Ada"));
    expect(sdk.finished()).toEqual([]);
    expect(await sdk.points("strata.conflicts")).toEqual([]);
  });

  it("subscribes to nothing when no tracer or meter provider is registered", async () => {
    const sdk = inMemorySdk();
    cleanups.push(() => sdk.reset());
    const { identity, User, users } = identityDomain(new MemoryEventStore(), { logger: quiet });
    const uninstall = instrumentDomain(identity);
    expect(identity.tap.on).toBe(false);
    expect(identity.tap.aroundTransact).toBeUndefined();
    const user = User.register("ada@example.com");
    await users.add(user);
    await users.transact(user.id, (u) => u.rename("Ada"));
    expect(sdk.finished()).toEqual([]);
    uninstall();
    // The API's own no-op tracer and meter, passed explicitly, are recognised too.
    const noop = trace.getTracerProvider().getTracer("x");
    instrumentDomain(identity, { tracer: noop, meter: createNoopMeter() });
    expect(identity.tap.on).toBe(false);
  });

  it("uses the registered global tracer and meter by default", async () => {
    const sdk = inMemorySdk();
    cleanups.push(() => sdk.reset());
    sdk.registerGlobally();
    const { identity, User, users } = identityDomain(new MemoryEventStore(), { logger: quiet });
    cleanups.push(instrumentDomain(identity));
    const user = User.register("ada@example.com");
    await users.add(user);
    await users.transact(user.id, (u) => u.rename("Ada"));
    expect(sdk.finished().map((s) => s.name)).toEqual([
      "strata.append",
      "strata.get",
      "strata.append",
      "strata.transact",
    ]);
    expect(sdk.finished()[0]?.instrumentationScope.name).toBe("strata-es");
  });

  it("with only a meter provider, counts without tracing", async () => {
    const sdk = inMemorySdk();
    cleanups.push(() => sdk.reset());
    const { identity, User, users } = identityDomain(new MemoryEventStore(), { logger: quiet });
    cleanups.push(instrumentDomain(identity, { meter: sdk.meter }));
    expect(identity.tap.on).toBe(true);
    expect(identity.tap.aroundTransact).toBeUndefined();
    const user = User.register("ada@example.com");
    await users.add(user);
    await users.get(user.id);
    expect(sdk.finished()).toEqual([]);
    expect(await sdk.points("strata.load.duration")).toHaveLength(1);
  });
});
