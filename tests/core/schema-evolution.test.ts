import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import {
  ConfigurationError,
  Domain,
  type EventStore,
  type EventType,
  snapshotStreamName,
  streamName,
  UsageError,
  uuid,
} from "../../core/store-kit.js";

const quiet = { warn() {} };

/** The same app at three points in time: each defines Renamed at its version, on one store. */
function app(store: EventStore, version: 1 | 2 | 3, category: string) {
  const domain = new Domain("people", { eventStore: store, logger: quiet, cache: false });
  // Each version has its own data shape; the tests pick the shape by version at run time.
  const Renamed = (version === 1
    ? domain.event("Renamed", z.object({ first: z.string(), at: z.date() }))
    : version === 2
      ? domain.event("Renamed", z.object({ name: z.string(), at: z.date() }), {
          version: 2,
          upcasters: { 1: (v1: { first: string; at: Date }) => ({ name: v1.first, at: v1.at }) },
        })
      : domain.event("Renamed", z.object({ fullName: z.string(), year: z.number() }), {
          version: 3,
          upcasters: {
            1: (v1: { first: string; at: Date }) => ({ name: v1.first, at: v1.at }),
            2: (v2: { name: string; at: Date }) => ({
              fullName: v2.name.toUpperCase(),
              year: v2.at.getUTCFullYear(),
            }),
          },
        })) as unknown as EventType<
    "Renamed",
    Record<string, unknown>,
    Record<string, unknown>,
    "people"
  >;
  class Person extends domain.eventSourcedAggregate(
    "Person",
    z.object({ label: z.string().optional(), years: z.array(z.number()).default([]) }),
    {
      streamCategory: category,
      initialState: { years: [] },
      snapshotThreshold: Number.POSITIVE_INFINITY,
    },
  ) {
    static {
      this.applyEvent(Renamed, (p, e: Record<string, unknown>) => {
        if (version === 3) {
          p.label = String(e.fullName);
          p.years = [...p.years, Number(e.year)];
        } else {
          p.label = String(version === 1 ? e.first : e.name);
        }
      });
    }
  }
  return { domain, Renamed, Person, people: domain.repositoryFor(Person) };
}

describe("versioned event types with upcasters", () => {
  it("reads v1 and v2 events through the chain as v3, leaving stored data as written", async () => {
    const store = new MemoryEventStore();
    const category = `person${uuid().slice(0, 8)}`;
    const v1 = app(store, 1, category);
    const person = v1.Person.create({});
    person.raise(v1.Renamed({ first: "ada", at: new Date("2020-05-01T00:00:00Z") }));
    await v1.people.add(person);
    const v2 = app(store, 2, category);
    await v2.people.transact(person.id, (p) =>
      p.raise(v2.Renamed({ name: "grace", at: new Date("2021-05-01T00:00:00Z") })),
    );
    const v3 = app(store, 3, category);
    const loaded = await v3.people.get(person.id);
    expect(loaded.label).toBe("GRACE");
    expect(loaded.years).toEqual([2020, 2021]);
    expect(loaded._version).toBe(1);
    loaded.raise(v3.Renamed({ fullName: "ALAN", year: 2022 }));
    await v3.people.add(loaded);
    expect((await v3.people.get(person.id)).years).toEqual([2020, 2021, 2022]);

    const stored = await store.readStream(streamName(category, person.id));
    expect(stored.map((m) => m.data)).toEqual([
      { first: "ada", at: "2020-05-01T00:00:00.000Z" },
      { name: "grace", at: "2021-05-01T00:00:00.000Z" },
      { fullName: "ALAN", year: 2022 },
    ]);
    expect(stored.map((m) => m.metadata?.schemaVersion)).toEqual([undefined, 2, 3]);
  });

  it("checks the chain when the event type is defined", () => {
    const domain = new Domain("d", { eventStore: new MemoryEventStore() });
    const schema = z.object({});
    const step = (d: object) => ({ ...d });
    expect(() => domain.event("A", schema, { version: 3, upcasters: { 1: step } })).toThrow(
      /none from version 2 to 3/,
    );
    expect(() => domain.event("B", schema, { version: 2, upcasters: { 2: step } })).toThrow(
      ConfigurationError,
    );
    expect(() =>
      domain.event("C", schema, {
        version: 2,
        upcasters: { 1: "nope" as unknown as typeof step },
      }),
    ).toThrow(/not a function/);
    expect(() => domain.event("D", schema, { version: 0 })).toThrow(ConfigurationError);
    expect(() => domain.event("E", schema, { version: 3, upcasters: { 2: step } })).not.toThrow();
  });

  it("names the stream and versions when a stored event is newer than the code", async () => {
    const store = new MemoryEventStore();
    const category = `person${uuid().slice(0, 8)}`;
    const v3 = app(store, 3, category);
    const person = v3.Person.create({});
    person.raise(v3.Renamed({ fullName: "X", year: 1 }));
    await v3.people.add(person);
    const v2 = app(store, 2, category);
    const error = await v2.people.get(person.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(streamName(category, person.id));
    expect((error as Error).message).toContain("schemaVersion 3");
  });
});

describe("unknown event types in a stream", () => {
  const setup = (unknownEvents?: "error" | "skip") => {
    const store = new MemoryEventStore();
    const domain = new Domain("d", { eventStore: store, logger: quiet, cache: false });
    const Counted = domain.event("Counted", z.object({}));
    const category = `counter${uuid().slice(0, 8)}`;
    class Counter extends domain.eventSourcedAggregate("Counter", z.object({ n: z.number() }), {
      streamCategory: category,
      initialState: { n: 0 },
      ...(unknownEvents ? { unknownEvents } : {}),
    }) {
      static {
        this.applyEvent(Counted, (c) => {
          c.n += 1;
        });
      }
    }
    return { store, Counted, Counter, counters: domain.repositoryFor(Counter), category };
  };
  const seed = async (s: ReturnType<typeof setup>) => {
    const counter = s.Counter.create({ n: 0 });
    counter.raise(s.Counted({}));
    await s.counters.add(counter);
    // Another service (or a newer version of this one) wrote a type this code does not know.
    await s.store.append([
      {
        streamName: streamName(s.category, counter.id),
        messages: [{ id: uuid(), type: "Audited", data: { by: "ops" } }],
        expectedVersion: 0,
      },
    ]);
    return counter.id;
  };

  it("fails with an error naming the type and the stream by default", async () => {
    const s = setup();
    const id = await seed(s);
    const error = await s.counters.get(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('"Audited"');
    expect((error as Error).message).toContain(streamName(s.category, id));
  });

  it("skips it where the aggregate tolerates unknown types, and still counts it in _version", async () => {
    const s = setup("skip");
    const id = await seed(s);
    const loaded = await s.counters.get(id);
    expect(loaded.n).toBe(1);
    expect(loaded._version).toBe(1);
    loaded.raise(s.Counted({}));
    await s.counters.add(loaded);
    expect((await s.counters.get(id)).n).toBe(2);
  });
});

describe("snapshot fingerprint", () => {
  /** One app version: the state schema and handler vary, the stream is shared. */
  const version = (store: EventStore, category: string, withNickname: boolean, double = false) => {
    const warnings: string[] = [];
    const domain = new Domain("d", {
      eventStore: store,
      logger: { warn: (m) => warnings.push(m) },
      cache: false,
      snapshotThreshold: 2,
    });
    const Scored = domain.event("Scored", z.object({ points: z.number() }));
    // A date field: zod cannot describe it in JSON Schema, the fingerprint must still see the rest.
    const base = { total: z.number(), since: z.coerce.date().optional() };
    const schema = withNickname
      ? z.object({ ...base, nickname: z.string().optional() })
      : z.object(base);
    class Player extends domain.eventSourcedAggregate("Player", schema, {
      streamCategory: category,
      initialState: { total: 0 },
    }) {
      static {
        this.applyEvent(
          Scored,
          double
            ? (p, e) => {
                p.total += e.points * 2;
              }
            : (p, e) => {
                p.total += e.points;
              },
        );
      }
    }
    return { Scored, Player, players: domain.repositoryFor(Player), warnings };
  };

  it("uses a snapshot taken under the same definition, skips one taken under another", async () => {
    const store = new MemoryEventStore();
    const category = `player${uuid().slice(0, 8)}`;
    const before = version(store, category, false);
    const player = before.Player.create({ total: 0 });
    for (let i = 0; i < 3; i++) player.raise(before.Scored({ points: 1 }));
    await before.players.add(player);
    expect(await store.streamVersion(snapshotStreamName(category, player.id))).toBe(0);

    const same = version(store, category, false);
    expect((await same.players.get(player.id)).total).toBe(3);
    expect(same.warnings).toEqual([]);

    const newField = version(store, category, true);
    expect((await newField.players.get(player.id)).total).toBe(3);
    expect(newField.warnings).toHaveLength(1);
    expect(newField.warnings[0]).toMatch(/fingerprint/);

    const newHandler = version(store, category, false, true);
    expect((await newHandler.players.get(player.id)).total).toBe(6);
    expect(newHandler.warnings[0]).toMatch(/fingerprint/);
  });
});
