import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TapCall, TapRecord } from "../../core/index.js";
import { CallLog } from "../../devtools/model/call-log.js";

type CommitRecord = Extract<TapRecord, { kind: "commit" }>;
const CALLS: readonly TapCall[] = ["add", "unitOfWork", "transact"];

/** A commit record writing `counts[i]` messages to stream `s{i}`, its last at `end` and before. */
function commit(call: TapCall, counts: readonly number[], end: number): CommitRecord {
  let to = end - counts.reduce((sum, n) => sum + n, 0);
  const streams = counts.map((n, i) => ({
    streamName: `s${i}`,
    expectedVersion: null,
    messages: Array.from({ length: n }, (_, k) => ({ id: `m${k}`, type: "T", data: {} })),
  }));
  const results = counts.map((n, i) => {
    to += n;
    return { streamName: `s${i}`, position: n - 1, globalPosition: to };
  });
  // The store may answer in another order than the appends (an inline projection sorts them).
  results.reverse();
  return { kind: "commit", time: 0, call, streams, results, durationMs: 0 };
}

describe("CallLog", () => {
  it("finds the call of every commit from any part of its messages, and nothing between commits", () => {
    fc.assert(
      fc.property(
        // Frames of commits: [gap before it, messages per stream, call]; a frame may arrive late.
        fc.array(
          fc.array(
            fc.tuple(
              fc.integer({ min: 0, max: 3 }),
              fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
              fc.constantFrom(...CALLS),
            ),
            { maxLength: 5 },
          ),
          { maxLength: 6 },
        ),
        fc.boolean(),
        (frames, lateFirstFrame) => {
          const log = new CallLog();
          const owner = new Map<number, TapCall>();
          let position = 0;
          const heard: CommitRecord[][] = frames.map((frame) =>
            frame.map(([gap, counts, call]) => {
              position += gap;
              const first = position + 1;
              position += counts.reduce((sum, n) => sum + n, 0);
              for (let p = first; p <= position; p++) owner.set(p, call);
              return commit(call, counts, position);
            }),
          );
          // Another tab's or a slower call's commit reaching the panel after later ones.
          if (lateFirstFrame && heard.length > 1) heard.push(heard.shift() as CommitRecord[]);
          for (const frame of heard) {
            for (const record of frame) log.hear(record);
            log.flush();
          }
          for (let p = 1; p <= position; p++) {
            expect(log.within(p, p)).toBe(owner.get(p));
            // A feed row showing a commit's messages from p onwards (a filter may hide the rest).
            const call = owner.get(p);
            if (call !== undefined) expect(log.within(p, position)).toBe(call);
          }
          expect(log.within(position + 1, position + 5)).toBeUndefined();
        },
      ),
    );
  });

  it("keeps the newest commits once it holds more than its capacity", () => {
    const log = new CallLog(100);
    for (let i = 1; i <= 1_000; i++) {
      log.hear(commit(i % 2 ? "add" : "transact", [1], i));
      log.flush();
    }
    expect(log.within(1_000, 1_000)).toBe("transact");
    expect(log.within(901, 901)).toBe("add");
    expect(log.within(1, 1)).toBeUndefined();
  });

  it("tells whether commits were heard since the last flush", () => {
    const log = new CallLog();
    expect(log.changed).toBe(false);
    log.hear(commit("add", [2], 2));
    expect(log.changed).toBe(true);
    log.flush();
    expect(log.changed).toBe(false);
  });
});
