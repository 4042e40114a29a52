import { describe, expect, it } from "vitest";
import {
  type CommitResult,
  categoryIds,
  Domain,
  defineProjection,
  type EventStore,
  type Message,
  type Projection,
  ProjectionHandlerError,
  type ProjectionOptions,
  type ProjectionSnapshot,
} from "../../core/index.js";
import { freshCategory, message } from "./event-store-conformance.js";
import { identityDomain } from "./identity-fixture.js";

/** A view that shows double folds and skips: every global position folded, and a count per stream. */
interface Tally {
  readonly count: number;
  readonly folded: readonly number[];
  readonly perStream: Readonly<Record<string, number>>;
}

const emptyTally: Tally = { count: 0, folded: [], perStream: {} };

const tally = (view: Tally, _data: unknown, m: Message): Tally => ({
  count: view.count + 1,
  folded: [...view.folded, m.globalPosition],
  perStream: { ...view.perStream, [m.streamName]: (view.perStream[m.streamName] ?? 0) + 1 },
});

/** The same fold, computed apart from any projection from what the store holds. */
async function expectedTally(store: EventStore, categories: string[]): Promise<Tally> {
  const all: Message[] = [];
  for (const category of categories) {
    for (let from = 1; ; ) {
      const batch = await store.readCategory(category, { fromGlobalPosition: from });
      all.push(...batch);
      const last = batch[batch.length - 1];
      if (!last) break;
      from = last.globalPosition + 1;
    }
  }
  return all
    .filter((m) => m.type === "Added")
    .sort((a, b) => a.globalPosition - b.globalPosition)
    .reduce((view, m) => tally(view, m.data, m), emptyTally);
}

const double = (view: { doubled: number }) => ({ doubled: view.doubled + 2 });

const sorted = (view: Tally | undefined) => [...(view?.folded ?? [])].sort((a, b) => a - b);

async function write(store: EventStore, stream: string, count: number, type = "Added") {
  await store.append([
    {
      streamName: stream,
      messages: Array.from({ length: count }, (_, n) => message(type, { n })),
      expectedVersion: null,
    },
  ]);
}

/** Read-model guarantees every store must keep: run by each store's conformance suite. */
export function projectionConformance(store: () => EventStore): void {
  describe("projections on this store", () => {
    const open = <View>(name: string, options: ProjectionOptions<View>): Projection<View> =>
      defineProjection(new Domain("readModels", { eventStore: store() }), name, {
        pollIntervalMs: 50,
        ...options,
      });
    const tallyOf = (
      name: string,
      categories: string[],
      extra: Partial<ProjectionOptions<Tally>> = {},
    ) =>
      open<Tally>(name, {
        version: 1,
        categories,
        initialState: emptyTally,
        handlers: { Added: tally },
        ...extra,
      });

    it("catches up over two categories in global order, checkpointing per batch and never for skipped messages", async () => {
      const [a, b] = [freshCategory("a"), freshCategory("b")];
      for (let i = 0; i < 6; i++) {
        await write(store(), `${a}-${i % 2}`, 3);
        await write(store(), `${b}-${i % 3}`, 2);
        await write(store(), `${b}-noise`, 2, "Noise");
      }
      const name = freshCategory("tally");
      const projection = tallyOf(name, [a, b], { batchSize: 7 });
      await projection.start();
      const view = projection.getSnapshot().view;
      expect(view).toEqual(await expectedTally(store(), [a, b]));
      expect(view?.folded).toEqual(sorted(view));
      const checkpoints = await store().readStream(projection.positionStreamName);
      // 54 messages read in batches of at most 7 per category: far fewer writes than folds.
      expect(checkpoints.length).toBeGreaterThan(0);
      expect(checkpoints.length).toBeLessThan(view?.count ?? 0);
      await projection.stop();

      // Only messages it skips arrive: it reads them, and writes nothing.
      const again = tallyOf(name, [a, b], { batchSize: 7 });
      await again.start();
      await write(store(), `${a}-noise`, 5, "Noise");
      await again.waitFor();
      expect(await store().readStream(projection.positionStreamName)).toHaveLength(
        checkpoints.length,
      );
      expect(again.getSnapshot().view).toEqual(view);
      await again.stop();
    });

    it("stays live: an append reaches the view without asking, and waitFor() reads your writes", async () => {
      const category = freshCategory("live");
      const projection = tallyOf(freshCategory("tally"), [category]);
      await projection.start();
      const changed = new Promise<ProjectionSnapshot<Tally>>((resolve) => {
        const off = projection.subscribe(() => {
          const snapshot = projection.getSnapshot();
          if (snapshot.view?.count === 2) {
            off();
            resolve(snapshot);
          }
        });
      });
      await write(store(), `${category}-1`, 2);
      expect((await changed).status).toBe("live");
      await write(store(), `${category}-2`, 1);
      await projection.waitFor();
      expect(projection.getSnapshot().view?.count).toBe(3);
      const position = projection.getSnapshot().position;
      await projection.waitFor(position);
      expect(projection.getSnapshot().view).toEqual(await expectedTally(store(), [category]));
      await projection.stop();
    });

    it("reads your writes: add, transact and a unit of work report the global position a view can wait for", async () => {
      const category = freshCategory("ryw");
      const { identity, User, users } = identityDomain(store(), { streamCategory: category });
      const names = defineProjection(identity, freshCategory("names"), {
        version: 1,
        categories: [category],
        pollIntervalMs: 50,
        initialState: {} as Readonly<Record<string, string>>,
        handlers: {
          Registered: (view, data, m) => ({ ...view, [m.streamName]: String(data.email) }),
          Renamed: (view, data, m) => ({ ...view, [m.streamName]: String(data.firstName) }),
        },
      });
      await names.start();
      const ada = User.register("ada@example.com");
      const added = await users.add(ada);
      const stream = `${category}-${ada.id}`;
      const last = await store().lastMessage(stream);
      expect(added).toEqual({
        globalPosition: last?.globalPosition,
        streams: [{ streamName: stream, position: 0, globalPosition: last?.globalPosition }],
      });
      await names.waitFor(added?.globalPosition);
      expect(names.getSnapshot().view?.[stream]).toBe("ada@example.com");
      expect(names.getSnapshot().position).toBeGreaterThanOrEqual(added?.globalPosition ?? 0);

      const commits: CommitResult[] = [];
      const result = await users.transact(
        ada.id,
        (user) => {
          user.rename("Ada");
          return "renamed";
        },
        { onCommit: (commit) => commits.push(commit) },
      );
      expect(result).toBe("renamed");
      expect(commits).toHaveLength(1);
      expect(commits[0]?.globalPosition).toBeGreaterThan(added?.globalPosition ?? 0);
      expect(commits[0]?.globalPosition).toBe((await store().lastMessage(stream))?.globalPosition);
      await names.waitFor(commits[0]?.globalPosition);
      expect(names.getSnapshot().view?.[stream]).toBe("Ada");

      // A command that writes nothing still reports, with nothing committed.
      await users.transact(ada.id, () => undefined, { onCommit: (c) => commits.push(c) });
      expect(commits[1]).toEqual({ globalPosition: 0, streams: [] });

      const grace = User.register("grace@example.com");
      const hopper = User.register("hopper@example.com");
      const inUnit: (CommitResult | undefined)[] = [];
      await identity.unitOfWork(
        async (uow) => {
          inUnit.push(await uow.repositoryFor(User).add(grace));
          inUnit.push(await uow.repositoryFor(User).add(hopper));
        },
        { onCommit: (c) => commits.push(c) },
      );
      // Inside a unit, add only enlists: the unit's onCommit tells the position.
      expect(inUnit).toEqual([undefined, undefined]);
      const unit = commits[2];
      expect(unit?.streams.map((s) => s.streamName).sort()).toEqual(
        [`${category}-${grace.id}`, `${category}-${hopper.id}`].sort(),
      );
      expect(unit?.globalPosition).toBe(
        Math.max(...(unit?.streams ?? []).map((s) => s.globalPosition)),
      );
      await names.waitFor(unit?.globalPosition);
      expect(names.getSnapshot().view?.[`${category}-${grace.id}`]).toBe("grace@example.com");
      expect(names.getSnapshot().view?.[`${category}-${hopper.id}`]).toBe("hopper@example.com");
      await names.stop();
    });

    it("writes each checkpoint once when the same projection runs twice (two tabs), both staying live", async () => {
      const category = freshCategory("twice");
      const name = freshCategory("tally");
      const [first, second] = [tallyOf(name, [category]), tallyOf(name, [category])];
      await Promise.all([first.start(), second.start()]);
      for (let i = 0; i < 12; i++) {
        await write(store(), `${category}-${i % 3}`, 2);
        if (i % 4 === 3) await Promise.all([first.waitFor(), second.waitFor()]);
      }
      await Promise.all([first.waitFor(), second.waitFor()]);
      const expected = await expectedTally(store(), [category]);
      expect(first.getSnapshot().view).toEqual(expected);
      expect(second.getSnapshot().view).toEqual(expected);
      const checkpoints = (await store().readStream(first.positionStreamName)).filter(
        (m) => m.type === "Checkpoint",
      );
      // Never two checkpoints of the same positions: the one that came second saw the first.
      const positions = checkpoints.map((m) => JSON.stringify(m.data.positions));
      expect(new Set(positions).size).toBe(positions.length);
      expect(checkpoints.at(-1)?.data.positions).toEqual({
        [category]: expected.folded.at(-1),
      });
      // A third instance restarts from that checkpoint with the whole view.
      await Promise.all([first.stop(), second.stop()]);
      const third = tallyOf(name, [category]);
      await third.start();
      expect(third.getSnapshot().view).toEqual(expected);
      await third.stop();
    });

    it("restarts after a kill at random points with the view a separate fold computes", async () => {
      const [a, b] = [freshCategory("a"), freshCategory("b")];
      for (let i = 0; i < 10; i++) {
        await write(store(), `${a}-${i % 4}`, 2);
        await write(store(), `${b}-${i % 3}`, 3);
      }
      const name = freshCategory("tally");
      const expected = await expectedTally(store(), [a, b]);
      for (let run = 0; run < 4; run++) {
        const killAt = 1 + Math.floor(Math.random() * 12);
        let folds = 0;
        let victim: Projection<Tally> | undefined;
        victim = tallyOf(name, [a, b], {
          batchSize: 4,
          handlers: {
            Added: (view, data, m) => {
              if (++folds === killAt) void victim?.stop();
              return tally(view, data, m);
            },
          },
        });
        await victim.start().catch(() => {});
        await victim.stop();
      }
      const survivor = tallyOf(name, [a, b], { batchSize: 4 });
      await survivor.start();
      expect(survivor.getSnapshot().view).toEqual(expected);
      await survivor.stop();
    });

    it("folds each message once while writers append during catch-up (live and catch-up overlap)", async () => {
      const [a, b, c] = [freshCategory("a"), freshCategory("b"), freshCategory("c")];
      await write(store(), `${a}-0`, 20);
      const projection = tallyOf(freshCategory("tally"), [a, b, c], { batchSize: 5 });
      const started = projection.start();
      // Concurrent writers on three categories: on PostgreSQL these are separate connections, so
      // global positions can commit out of order across categories.
      const writers = [a, b, c].flatMap((category) =>
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 5; i++) await write(store(), `${category}-w${w}`, 1 + (i % 2));
        }),
      );
      await Promise.all([started, ...writers]);
      await projection.waitFor();
      const view = projection.getSnapshot().view;
      const expected = await expectedTally(store(), [a, b, c]);
      expect(view?.count).toBe(20 + 3 * 8 * (3 + 2 * 2 - 1 + 1));
      expect(view?.count).toBe(expected.count);
      expect(sorted(view)).toEqual(expected.folded);
      expect(new Set(view?.folded).size).toBe(view?.count);
      expect(view?.perStream).toEqual(expected.perStream);
      await projection.stop();
    });

    it("rebuilds a new version into a shadow while the old view serves, then swaps, with progress", async () => {
      const category = freshCategory("r");
      for (let i = 0; i < 5; i++) await write(store(), `${category}-${i}`, 4);
      const name = freshCategory("tally");
      const v1 = tallyOf(name, [category]);
      await v1.start();
      const old = v1.getSnapshot().view;
      await v1.stop();
      expect(old?.count).toBe(20);

      const v2 = open<{ doubled: number }>(name, {
        version: 2,
        categories: [category],
        initialState: { doubled: 0 },
        handlers: { Added: double },
        batchSize: 3,
      });
      const seen: ProjectionSnapshot<unknown>[] = [];
      v2.subscribe(() => seen.push(v2.getSnapshot()));
      await v2.start();
      const rebuilding = seen.filter((s) => s.status === "rebuilding");
      expect(rebuilding.length).toBeGreaterThan(3);
      for (const s of rebuilding) expect(s.view).toEqual(old);
      const progress = rebuilding.map((s) => s.rebuild?.done ?? -1);
      expect(progress).toEqual([...progress].sort((x, y) => x - y));
      expect(rebuilding.at(-1)?.rebuild).toEqual({ done: 20, total: 20 });
      expect(v2.getSnapshot()).toMatchObject({ status: "live", view: { doubled: 40 } });
      await v2.stop();

      // The swap was one checkpoint: a restart serves version 2 at once.
      const again = open<{ doubled: number }>(name, {
        version: 2,
        categories: [category],
        initialState: { doubled: 0 },
        handlers: { Added: double },
      });
      const statuses: string[] = [];
      again.subscribe(() => statuses.push(again.getSnapshot().status));
      await again.start();
      expect(statuses).not.toContain("rebuilding");
      expect(again.getSnapshot().view).toEqual({ doubled: 40 });
      await again.stop();
    });

    it("pauses on a handler that keeps throwing, naming the message, and resumes once it is fixed", async () => {
      const category = freshCategory("f");
      await write(store(), `${category}-1`, 3);
      let broken = true;
      const projection = tallyOf(freshCategory("tally"), [category], {
        retry: { attempts: 3, backoffMs: 1 },
        handlers: {
          Added: (view, data, m) => {
            if (broken && m.position === 1) throw new Error("no title");
            return tally(view, data, m);
          },
        },
      });
      const error = await projection.start().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProjectionHandlerError);
      expect(error).toMatchObject({ streamName: `${category}-1`, messagePosition: 1 });
      expect((error as Error).message).toContain(`${category}-1 position 1`);
      expect(projection.getSnapshot()).toMatchObject({ status: "paused", view: { count: 1 } });
      await expect(projection.waitFor()).rejects.toBe(error);
      broken = false;
      projection.resume();
      await projection.waitFor();
      expect(projection.getSnapshot()).toMatchObject({ status: "live", view: { count: 3 } });
      await projection.stop();
    });

    it("parks a failing message under the park policy and folds the rest", async () => {
      const category = freshCategory("p");
      await write(store(), `${category}-1`, 3);
      const projection = tallyOf(freshCategory("tally"), [category], {
        retry: { attempts: 2, backoffMs: 1 },
        onFailure: "park",
        handlers: {
          Added: (view, data, m) => {
            if (m.position === 1) throw new Error("bad row");
            return tally(view, data, m);
          },
        },
      });
      await projection.start();
      expect(projection.getSnapshot().view?.count).toBe(2);
      const parked = await store().readStream(projection.parkedStreamName);
      expect(parked.map((m) => m.data)).toMatchObject([
        { streamName: `${category}-1`, position: 1 },
      ]);
      await projection.stop();
    });

    it("splits streams across consumer group members, each with its own position stream", async () => {
      const category = freshCategory("g");
      for (let i = 0; i < 12; i++) await write(store(), `${category}-${i}`, 2);
      const name = freshCategory("tally");
      const members = [0, 1].map((member) =>
        tallyOf(name, [category], { consumerGroup: { member, size: 2 } }),
      );
      await Promise.all(members.map((m) => m.start()));
      const [zero, one] = members.map((m) => Object.keys(m.getSnapshot().view?.perStream ?? {}));
      expect(zero?.length).toBeGreaterThan(0);
      expect(one?.length).toBeGreaterThan(0);
      expect([...(zero ?? []), ...(one ?? [])].sort()).toEqual(
        Array.from({ length: 12 }, (_, i) => `${category}-${i}`).sort(),
      );
      expect(members[0]?.positionStreamName).not.toBe(members[1]?.positionStreamName);
      await Promise.all(members.map((m) => m.stop()));
    });

    it("ships a projection listing a category's ids in creation order, once each", async () => {
      const category = freshCategory("todo");
      const domain = new Domain("readModels", { eventStore: store() });
      await write(store(), `${category}-b`, 2);
      await write(store(), `${category}-a`, 1);
      const ids = categoryIds(domain, category, { pollIntervalMs: 50 });
      await ids.start();
      await write(store(), `${category}-c`, 1);
      await write(store(), `${category}-a`, 1);
      await ids.waitFor();
      expect(ids.getSnapshot().view).toEqual(["b", "a", "c"]);
      await ids.stop();
    });
  });
}
