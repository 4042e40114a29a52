import { describe, expect, it } from "vitest";
import type { Message } from "../../core/index.js";
import { PositionPoller } from "./position-poller.js";

const at = (globalPosition: number): Message => ({
  id: `m${globalPosition}`,
  streamName: `s-${globalPosition}`,
  type: "T",
  position: 0,
  globalPosition,
  data: {},
  metadata: null,
  time: new Date(0),
});

/** A fake table: committed positions; counts reads. */
function table(committed: number[]) {
  const state = { committed, reads: 0 };
  const read = async (after: number, late: readonly number[], limit: number) => {
    state.reads++;
    return state.committed
      .filter((p) => p > after || late.includes(p))
      .sort((a, b) => a - b)
      .slice(0, limit)
      .map(at);
  };
  const latest = async () => Math.max(0, ...state.committed);
  return { state, read, latest };
}

/** A poller over `t` that records the positions it delivers in `heard`. */
function pollerOf(
  t: ReturnType<typeof table>,
  heard: number[],
  options?: ConstructorParameters<typeof PositionPoller>[3],
): PositionPoller {
  return new PositionPoller(
    t.read,
    t.latest,
    (m) => heard.push(...m.map((x) => x.globalPosition)),
    options,
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("PositionPoller", () => {
  it("stops reading once stopped, and a stopped poll delivers nothing", async () => {
    const t = table([1, 2]);
    const heard: number[] = [];
    const poller = pollerOf(t, heard, { intervalMs: 5 });
    poller.start();
    await sleep(30);
    t.state.committed.push(3);
    await expect.poll(() => heard).toEqual([3]);
    await poller.stop();
    const reads = t.state.reads;
    t.state.committed.push(4);
    await sleep(40);
    expect(t.state.reads).toBe(reads);
    expect(heard).toEqual([3]);
  });

  it("skips what claim() already delivered, and claim() skips what the poll delivered", async () => {
    const t = table([1]);
    const heard: number[] = [];
    const poller = pollerOf(t, heard, { intervalMs: 5 });
    poller.start();
    await sleep(20);
    t.state.committed.push(2, 3);
    expect(poller.claim([at(2)]).map((m) => m.globalPosition)).toEqual([2]);
    await expect.poll(() => heard).toEqual([3]);
    expect(poller.claim([at(3)])).toEqual([]);
    await sleep(20);
    expect(heard).toEqual([3]);
    await poller.stop();
  });

  it("claim() delivers an own append committed before the poll read where it starts", async () => {
    // The append commits, then the poll's start reads the end (which now includes it), then the
    // append's read-back is claimed: the poll will never deliver it, so claim() must.
    const t = table([1]);
    const heard: number[] = [];
    const poller = pollerOf(t, heard);
    poller.start();
    t.state.committed.push(2, 3);
    await poller.started();
    expect(poller.claim([at(2), at(3)]).map((m) => m.globalPosition)).toEqual([2, 3]);
    await sleep(20);
    expect(heard).toEqual([]);
    await poller.stop();
  });

  it("waits the grace for a hole, then moves past it and still delivers the hole if it fills", async () => {
    const t = table([1]);
    const heard: number[] = [];
    const poller = pollerOf(t, heard, { intervalMs: 5, graceMs: 60 });
    poller.start();
    await sleep(20);
    t.state.committed.push(3);
    await sleep(30);
    expect(heard).toEqual([]);
    await expect.poll(() => heard).toEqual([3]);
    t.state.committed.push(2);
    await expect.poll(() => heard).toEqual([3, 2]);
    await sleep(20);
    expect(heard).toEqual([3, 2]);
    await poller.stop();
  });
});
