import { describe, expect, it } from "vitest";
import {
  defineProjection,
  type EventStore,
  isProjectionHandlerError,
  type Message,
  type Projection,
} from "../../core/index.js";
import { freshCategory, message } from "./event-store-conformance.js";
import { identityDomain } from "./identity-fixture.js";

/** A view that shows double folds and misses: messages folded, per stream, and names by stream. */
interface Roster {
  readonly count: number;
  readonly perStream: Readonly<Record<string, number>>;
  readonly names: Readonly<Record<string, string>>;
}

const emptyRoster: Roster = { count: 0, perStream: {}, names: {} };

const counted = (view: Roster, m: Message, name: string): Roster => ({
  count: view.count + 1,
  perStream: { ...view.perStream, [m.streamName]: (view.perStream[m.streamName] ?? 0) + 1 },
  names: { ...view.names, [m.streamName]: name },
});

/** The roster computed apart from any projection, from what the store holds. */
async function expectedRoster(store: EventStore, category: string): Promise<Roster> {
  let view = emptyRoster;
  for (let from = 1; ; ) {
    const batch = await store.readCategory(category, { fromGlobalPosition: from });
    for (const m of batch) {
      if (m.type === "Registered") view = counted(view, m, String(m.data.email));
      if (m.type === "Renamed") view = counted(view, m, String(m.data.firstName));
    }
    const last = batch[batch.length - 1];
    if (!last) return view;
    from = last.globalPosition + 1;
  }
}

/** A fresh domain (a process or a tab) on `store` with the inline roster of `category`. */
function rosterDomain(store: EventStore, category: string, name: string, refuse?: string) {
  const fixture = identityDomain(store, { streamCategory: category });
  const roster = defineProjection<Roster>(fixture.identity, name, {
    version: 1,
    mode: "inline",
    categories: [category],
    initialState: emptyRoster,
    pollIntervalMs: 50,
    handlers: {
      Registered: (view, data, m) => {
        if (data.email === refuse) throw new Error(`refused ${refuse}`);
        return counted(view, m, String(data.email));
      },
      Renamed: (view, data, m) => counted(view, m, String(data.firstName)),
    },
  });
  return { ...fixture, roster };
}

/** Two domains (tabs or processes) on `store` with the same inline roster of a fresh category. */
function twoTabs(store: EventStore) {
  const category = freshCategory("inl");
  const name = freshCategory("r");
  const tabs = [rosterDomain(store, category, name), rosterDomain(store, category, name)] as const;
  return { category, tabs, one: tabs[0] };
}

const checkpoints = async (store: EventStore, projection: Projection<Roster>) =>
  (await store.readStream(projection.positionStreamName)).filter((m) => m.type === "Checkpoint");

/** Inline projections: folded in the append itself, on every store. */
export function inlineProjectionConformance(store: () => EventStore): void {
  describe("inline projections on this store", () => {
    it("reads your writes right after add, transact and a unit of work, without waitFor", async () => {
      const category = freshCategory("inl");
      const { identity, User, users, roster } = rosterDomain(store(), category, freshCategory("r"));
      const ada = User.register("ada@example.com");
      await users.add(ada);
      const stream = `${category}-${ada.id}`;
      expect(roster.getSnapshot().view?.names[stream]).toBe("ada@example.com");
      await users.transact(ada.id, (user) => user.rename("Ada"));
      expect(roster.getSnapshot().view?.names[stream]).toBe("Ada");
      const [grace, hopper] = [User.register("grace@example.com"), User.register("h@example.com")];
      await identity.unitOfWork(async (uow) => {
        await uow.repositoryFor(User).add(grace);
        await uow.repositoryFor(User).add(hopper);
      });
      expect(roster.getSnapshot().view?.count).toBe(4);
      expect(roster.getSnapshot().view).toEqual(await expectedRoster(store(), category));
      // One checkpoint per commit, each in its commit's append: the last holds the whole view.
      const written = await checkpoints(store(), roster);
      expect(written).toHaveLength(3);
      expect(written.at(-1)?.data.view).toEqual(roster.getSnapshot().view);
      await roster.stop();
    });

    it("fails the command with a ProjectionHandlerError and writes nothing when a handler throws", async () => {
      const category = freshCategory("inl");
      const name = freshCategory("r");
      const { identity, User, users, roster } = rosterDomain(
        store(),
        category,
        name,
        "bad@example.com",
      );
      await users.add(User.register("ok@example.com"));
      const before = roster.getSnapshot().view;
      const [fine, bad] = [User.register("fine@example.com"), User.register("bad@example.com")];
      const error = await identity
        .unitOfWork(async (uow) => {
          await uow.repositoryFor(User).add(fine);
          await uow.repositoryFor(User).add(bad);
        })
        .catch((e: unknown) => e);
      expect(isProjectionHandlerError(error)).toBe(true);
      expect(error).toMatchObject({ projection: name, streamName: `${category}-${bad.id}` });
      expect((error as Error).message).toContain("bad@example.com");
      // No half-written unit of work: neither aggregate, no checkpoint, the view as it was.
      expect(await store().streamVersion(`${category}-${fine.id}`)).toBe(-1);
      expect(await store().streamVersion(`${category}-${bad.id}`)).toBe(-1);
      expect(await checkpoints(store(), roster)).toHaveLength(1);
      expect(roster.getSnapshot().view).toBe(before);
      await users.add(User.register("after@example.com"));
      expect(roster.getSnapshot().view).toEqual(await expectedRoster(store(), category));
      await roster.stop();
    });

    it("lands two concurrent writers (two tabs or processes) and counts both", async () => {
      const { category, tabs, one } = twoTabs(store());
      await Promise.all(
        tabs.flatMap(({ User, users }, t) =>
          Array.from({ length: 6 }, (_, i) => users.add(User.register(`u${t}-${i}@example.com`))),
        ),
      );
      const expected = await expectedRoster(store(), category);
      expect(expected.count).toBe(12);
      // The last checkpoint was built on every other writer's: it holds all 12.
      expect((await checkpoints(store(), one.roster)).at(-1)?.data.view).toEqual(expected);
      // Each tab sees the other's commits by catch-up (they are not its own inline folds).
      await Promise.all(tabs.map(({ roster }) => roster.waitFor()));
      for (const { roster } of tabs) expect(roster.getSnapshot().view).toEqual(expected);
      await Promise.all(tabs.map(({ roster }) => roster.stop()));
    });

    it("lands every command of two writers that each commit back to back (no writer starves)", async () => {
      const { category, tabs, one } = twoTabs(store());
      // Each tab commits as fast as it can: a tab that lost the position stream must still land.
      await Promise.all(
        tabs.map(async ({ User, users }, t) => {
          for (let i = 0; i < 25; i++) await users.add(User.register(`b${t}-${i}@example.com`));
        }),
      );
      const expected = await expectedRoster(store(), category);
      expect(expected.count).toBe(50);
      expect((await checkpoints(store(), one.roster)).at(-1)?.data.view).toEqual(expected);
      await Promise.all(tabs.map(({ roster }) => roster.stop()));
    });

    it("restarts with the inline view, and catch-up folds once what writers without it appended", async () => {
      const category = freshCategory("inl");
      const name = freshCategory("r");
      const first = rosterDomain(store(), category, name);
      const ada = first.User.register("ada@example.com");
      await first.users.add(ada);
      await first.users.add(first.User.register("bob@example.com"));
      // A writer that does not know the projection (another service, an older build).
      await store().append([
        {
          streamName: `${category}-raw`,
          messages: [message("Registered", { email: "raw@example.com" })],
          expectedVersion: -1,
        },
      ]);
      await first.users.transact(ada.id, (user) => user.rename("Ada"));
      await first.roster.waitFor();
      const expected = await expectedRoster(store(), category);
      expect(expected.count).toBe(4);
      expect(first.roster.getSnapshot().view).toEqual(expected);
      await first.roster.stop();

      const again = rosterDomain(store(), category, name);
      await again.roster.start();
      expect(again.roster.getSnapshot().view).toEqual(expected);
      await again.users.add(again.User.register("carol@example.com"));
      expect(again.roster.getSnapshot().view).toEqual(await expectedRoster(store(), category));
      await again.roster.stop();
    });
  });
}
