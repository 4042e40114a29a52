import { describe, expect, it, onTestFinished } from "vitest";
import { identityDomain } from "../../adapters/conformance/identity-fixture.js";
import { MemoryEventStore } from "../../adapters/memory/index.js";
import { ExpectedVersionError, type Message, StoreError } from "../../core/index.js";
import { FaultInjector } from "../../devtools/model/faults.js";
import { emptyFilter, groupCommits, matcher, messageBytes } from "../../devtools/model/feed.js";
import { PanelController } from "../../devtools/model/panel-store.js";
import { pushRing } from "../../devtools/model/ring.js";

const quiet = { warn: () => {} };

function setup() {
  const store = new MemoryEventStore();
  const fixture = identityDomain(store, { logger: quiet, snapshotThreshold: 3 });
  return { store, ...fixture };
}

/** Resolves once the controller's state satisfies `done` (live updates land on the next frame). */
function until(controller: PanelController, done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (done()) return resolve();
    const stop = controller.store.subscribe(() => {
      if (done()) {
        stop();
        resolve();
      }
    });
  });
}

/** A controller connected to a fresh domain, its first read of the (empty) store done. */
async function connected() {
  const fixture = setup();
  const controller = new PanelController([fixture.identity]);
  controller.connect();
  await until(controller, () => !controller.store.getState().loading);
  return { ...fixture, controller };
}

/** A connected controller and the times of its state updates; disconnected when the test ends. */
async function timedUpdates() {
  const fixture = await connected();
  const times: number[] = [];
  const stop = fixture.controller.store.subscribe(() => times.push(performance.now()));
  onTestFinished(() => {
    stop();
    fixture.controller.disconnect();
  });
  return { ...fixture, times };
}

describe("PanelController", () => {
  it("registers no listener until connected, and none after disconnect", async () => {
    const { identity, User, users } = setup();
    const controller = new PanelController([identity]);
    expect(identity.tap.on).toBe(false);
    controller.connect();
    expect(identity.tap.on).toBe(true);
    controller.disconnect();
    expect(identity.tap.on).toBe(false);
    await users.add(User.register("a@example.com"));
    expect(controller.store.getState().messages).toEqual([]);
  });

  it("reads the store on connect, then applies live writes with stream summaries", async () => {
    const { identity, User, users } = setup();
    const first = User.register("a@example.com");
    await users.add(first);
    const controller = new PanelController([identity]);
    controller.connect();
    await until(controller, () => controller.store.getState().messages.length === 1);
    const second = User.register("b@example.com");
    second.rename("B");
    second.rename("Bee");
    await users.add(second);
    // Three events and the snapshot due at version 2.
    await until(controller, () => controller.store.getState().messages.length === 5);
    const { streams, messages, calls } = controller.store.getState();
    expect(messages.map((m) => m.globalPosition)).toEqual([1, 2, 3, 4, 5]);
    expect(streams.get(`user-${second.id}`)).toMatchObject({ count: 3, version: 2 });
    expect(streams.get(`user:snapshot-${second.id}`)).toMatchObject({ count: 1 });
    const written = messages[1] as Message;
    expect(calls.within(written.globalPosition, written.globalPosition)).toBe("add");
    controller.disconnect();
  });

  it("keeps live writes heard while its first read was still in flight", async () => {
    // A read that answers with the store as it was before a live write (an IndexedDB read
    // transaction started before the write commits does exactly this).
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let firstReadDone = () => {};
    const firstRead = new Promise<void>((resolve) => {
      firstReadDone = resolve;
    });
    class SlowReads extends MemoryEventStore {
      override async readCategory(
        ...args: Parameters<MemoryEventStore["readCategory"]>
      ): Promise<Message[]> {
        const before = await super.readCategory(...args);
        firstReadDone();
        await gate;
        return before;
      }
    }
    const store = new SlowReads();
    const { identity, User, users } = identityDomain(store, { logger: quiet });
    const controller = new PanelController([identity]);
    controller.connect();
    await firstRead;
    const user = User.register("early@example.com");
    user.rename("Early");
    await users.add(user);
    await until(controller, () => controller.store.getState().messages.length === 2);
    release();
    await until(controller, () => !controller.store.getState().loading);
    const { messages, streams } = controller.store.getState();
    expect(messages.map((m) => m.globalPosition)).toEqual([1, 2]);
    expect(groupCommits(messages).map((g) => g.messages.length)).toEqual([2]);
    expect(streams.get(`user-${user.id}`)).toMatchObject({ count: 2, version: 1 });
    controller.disconnect();
  });

  it("changes its state at most once per frame however many commits the app makes", async () => {
    const { User, users, controller } = await connected();
    let updates = 0;
    const stop = controller.store.subscribe(() => updates++);
    const user = User.register("burst@example.com");
    await users.add(user);
    for (let i = 0; i < 20; i++) await users.transact(user.id, (u) => u.rename(`N${i}`));
    // The commits ran between two frames: the listeners only kept what they were handed.
    expect(updates).toBe(0);
    await until(controller, () => controller.store.getState().messages.length > 0);
    expect(updates).toBe(1);
    const { messages, calls } = controller.store.getState();
    expect(messages.filter((m) => m.streamName === `user-${user.id}`)).toHaveLength(21);
    const lastPosition = messages.at(-1)?.globalPosition ?? 0;
    expect(calls.within(lastPosition, lastPosition)).toBe("transact");
    stop();
    controller.disconnect();
  });

  it("measures bytes per stream only while the streams view is open, then for every message", async () => {
    const { identity, User, users } = setup();
    const controller = new PanelController([identity]);
    controller.setTab("feed");
    controller.connect();
    const first = User.register("bytes@example.com");
    first.rename("B");
    await users.add(first);
    await until(controller, () => controller.store.getState().messages.length === 2);
    const stream = `user-${first.id}`;
    expect(controller.store.getState().streams.get(stream)?.bytes).toBeUndefined();
    controller.setTab("streams");
    const expected = (messages: readonly Message[]) =>
      messages.filter((m) => m.streamName === stream).reduce((sum, m) => sum + messageBytes(m), 0);
    let state = controller.store.getState();
    expect(state.streams.get(stream)?.bytes).toBe(expected(state.messages));
    const again = await users.get(first.id);
    again.rename("Bee");
    await users.add(again);
    // The third event and the snapshot due at version 2.
    await until(controller, () => controller.store.getState().messages.length === 4);
    state = controller.store.getState();
    expect(state.streams.get(stream)?.count).toBe(3);
    expect(state.streams.get(stream)?.bytes).toBe(expected(state.messages));
    controller.disconnect();
  });

  it("holds live writes while paused and shows them on resume", async () => {
    const { User, users, controller } = await connected();
    controller.setPaused(true);
    await users.add(User.register("held@example.com"));
    // Counted on the next frame, as live messages are shown.
    await until(controller, () => controller.store.getState().held === 1);
    expect(controller.store.getState().messages).toHaveLength(0);
    controller.setPaused(false);
    await until(controller, () => controller.store.getState().messages.length === 1);
    controller.disconnect();
  });

  it("logs conflicts and slow loads from the tap, in a ring that counts what it dropped", async () => {
    const { identity, User, users } = setup();
    const controller = new PanelController([identity], { slowLoadMs: 0, logCapacity: 2 });
    controller.connect();
    const user = User.register("a@example.com");
    await users.add(user);
    const stale = await users.get(user.id);
    const fresh = await users.get(user.id);
    fresh.rename("A");
    await users.add(fresh);
    stale.rename("B");
    await expect(users.add(stale)).rejects.toBeInstanceOf(ExpectedVersionError);
    // The tap's listener only keeps the records; the next frame puts them in the log.
    expect(controller.store.getState().log.items).toEqual([]);
    await until(controller, () => controller.store.getState().log.items.length > 0);
    const { log } = controller.store.getState();
    expect(log.items.map((e) => e.record.kind)).toEqual(["load", "conflict"]);
    expect(log.dropped).toBe(1);
    controller.disconnect();
  });

  it("switches between several domains, each with its own store", async () => {
    const a = setup();
    const b = setup();
    await a.users.add(a.User.register("a@example.com"));
    const controller = new PanelController([a.identity, b.identity]);
    controller.connect();
    await until(controller, () => controller.store.getState().messages.length === 1);
    controller.selectDomain(1);
    await until(controller, () => !controller.store.getState().loading);
    expect(controller.store.getState().messages).toEqual([]);
    expect(a.identity.tap.on).toBe(false);
    expect(b.identity.tap.on).toBe(true);
    controller.disconnect();
  });
});

describe("FaultInjector", () => {
  it("fails the next add with ExpectedVersionError, once, then leaves the store as it was", async () => {
    const { store, User, users } = setup();
    const user = User.register("a@example.com");
    await users.add(user);
    const faults = new FaultInjector(store);
    let fired = 0;
    faults.armConflict(() => fired++);
    user.rename("Blocked");
    await expect(users.add(user)).rejects.toMatchObject({
      name: "ExpectedVersionError",
      expectedVersion: 0,
      actualVersion: 1,
    });
    expect(fired).toBe(1);
    expect(Object.hasOwn(store, "append")).toBe(false);
    await users.add(user);
    expect(await store.streamVersion(`user-${user.id}`)).toBe(1);
  });

  it("takes the store offline with StoreError and brings it back", async () => {
    const { store, User, users } = setup();
    const faults = new FaultInjector(store);
    faults.setOffline(true);
    await expect(users.add(User.register("a@example.com"))).rejects.toBeInstanceOf(StoreError);
    await expect(store.readStream("user-x")).rejects.toBeInstanceOf(StoreError);
    faults.clear();
    await users.add(User.register("b@example.com"));
    expect(Object.keys(store)).toEqual([]);
  });
});

describe("feed helpers", () => {
  const m = (globalPosition: number, time: number, extra: Partial<Message> = {}): Message => ({
    id: String(globalPosition),
    streamName: "user-1",
    type: "Renamed",
    position: globalPosition - 1,
    globalPosition,
    data: { firstName: `n${globalPosition}` },
    metadata: null,
    time: new Date(time),
    ...extra,
  });

  it("groups consecutive messages of one write into a commit", () => {
    const groups = groupCommits([m(1, 10), m(2, 10), m(3, 11), m(5, 11)]);
    expect(groups.map((g) => g.messages.map((x) => x.globalPosition))).toEqual([[1, 2], [3], [5]]);
  });

  it("filters by stream, included or excluded types, time range and payload text", () => {
    const messages = [
      m(1, 10, { type: "Registered", data: { email: "ada@example.com" } }),
      m(2, 20, { streamName: "order-1" }),
      m(3, 30),
    ];
    const ids = (f: Partial<typeof emptyFilter>) =>
      messages.filter(matcher({ ...emptyFilter, ...f })).map((x) => x.globalPosition);
    expect(ids({ stream: "ORDER" })).toEqual([2]);
    expect(ids({ types: ["Registered"] })).toEqual([1]);
    expect(ids({ types: ["Registered"], typeMode: "exclude" })).toEqual([2, 3]);
    expect(ids({ from: 15, to: 25 })).toEqual([2]);
    expect(ids({ text: "ADA@" })).toEqual([1]);
  });

  it("keeps the last entries of a ring and counts the dropped", () => {
    let ring = { items: [] as number[], dropped: 0 };
    for (let i = 0; i < 5; i++) ring = pushRing(ring, i, 3) as typeof ring;
    expect(ring).toEqual({ items: [2, 3, 4], dropped: 2 });
  });
});

describe("PanelController live pacing", () => {
  it("shows a lone write on the next frame, then keeps updates apart by what rendering cost", async () => {
    const { User, users, controller, times } = await timedUpdates();
    const user = User.register("paced@example.com");
    const added = performance.now();
    await users.add(user);
    await until(controller, () => times.length === 1);
    expect(times[0] as number).toBeLessThan(added + 150);
    // The views report 0.2 ms of rendering: the next update waits 100 ms (500 times that).
    controller.rendered(0.2);
    await users.transact(user.id, (u) => u.rename("Second"));
    await until(controller, () => times.length === 2);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(99);
    // However slow rendering gets, a write shows within 200 ms of the last update.
    controller.rendered(50);
    await users.transact(user.id, (u) => u.rename("Third"));
    await until(controller, () => times.length === 3);
    const gap = (times[2] as number) - (times[1] as number);
    expect(gap).toBeGreaterThanOrEqual(199);
    expect(gap).toBeLessThan(600);
  });

  it("updates once a second while the app writes in bulk, and at once again after it stops", async () => {
    const { identity, User, users, controller, times } = await timedUpdates();
    // One unit of work of 60 new users: the update that shows it is a burst.
    await identity.unitOfWork(async (uow) => {
      for (let i = 0; i < 60; i++) await uow.repositoryFor(User).add(User.register(`b${i}@x.io`));
    });
    await until(controller, () => times.length === 1);
    const user = User.register("after@x.io");
    await users.add(user);
    await until(controller, () => times.length === 2);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(990);
    // That update brought one message: the next write is paced as usual again (100 ms, no render report).
    await users.transact(user.id, (u) => u.rename("Again"));
    await until(controller, () => times.length === 3);
    expect((times[2] as number) - (times[1] as number)).toBeLessThan(500);
  });

  it("updates once a second while the app writes a steady stream of small commits", async () => {
    // No render reports, as under React's production build: the usual gap is 100 ms, and no single
    // update gathers 50 messages; the stream's rate is what makes it bulk writing.
    const { store, User, users, controller, times } = await timedUpdates();
    const end = performance.now() + 1500;
    for (let i = 0; performance.now() < end; i++) {
      await users.add(User.register(`s${i}@x.io`));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const shown = () => controller.store.getState().messages.length;
    const written = await store.readCategory("user");
    await until(controller, () => shown() === written.length);
    // A stream (50 messages a second or more), on a loaded machine too.
    expect(written.length).toBeGreaterThan(75);
    // The first write on the next frame, then one update 100 ms later that sees the stream, then
    // once a second (without the rate, one every 100 ms: 14 in this test).
    expect(times.length).toBeLessThanOrEqual(4);
    for (let i = 2; i < times.length; i++)
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(990);
  });
});
