import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Message } from "../../core/index.js";
import { emptyFilter, groupCommits, matcher } from "../../devtools/model/feed.js";
import { feedRows } from "../../devtools/model/feed-rows.js";

const message = (globalPosition: number, time: number, type = "Renamed"): Message => ({
  id: `m${globalPosition}`,
  type,
  streamName: `user-${globalPosition % 3}`,
  position: globalPosition,
  globalPosition,
  data: {},
  metadata: null,
  time: new Date(time),
});

/** The rows computed from scratch: each commit's header, then its messages. */
function fromScratch(messages: readonly Message[], filter = emptyFilter) {
  return groupCommits(messages.filter(matcher(filter))).flatMap((group) => [
    { kind: "commit", group },
    ...group.messages.map((m) => ({ kind: "message", message: m })),
  ]);
}

describe("feedRows", () => {
  it("extends the rows as messages are appended, equal to grouping everything again", () => {
    fc.assert(
      fc.property(
        // Batches of [commit time step, messages in the commit, type] appended frame by frame.
        fc.array(
          fc.array(
            fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 4 }), fc.boolean()),
            {
              maxLength: 4,
            },
          ),
          { maxLength: 8 },
        ),
        fc.boolean(),
        (frames, filtered) => {
          const filter = filtered ? { ...emptyFilter, types: ["Renamed"] } : emptyFilter;
          let source: Message[] = [];
          let feed = feedRows(source, filter);
          let time = 0;
          for (const frame of frames) {
            const added: Message[] = [];
            for (const [step, count, registered] of frame) {
              time += step;
              for (let i = 0; i < count; i++)
                added.push(
                  message(
                    source.length + added.length + 1,
                    time,
                    registered ? "Registered" : "Renamed",
                  ),
                );
            }
            const before = feed.rows;
            source = [...source, ...added];
            feed = feedRows(source, filter, feed);
            expect(feed.rows).toEqual(fromScratch(source, filter));
            // Rows before the last commit keep their objects: what is on screen is not rendered again.
            const lastCommit = before.findLastIndex((r) => r.kind === "commit");
            for (let i = 0; i < lastCommit; i++) expect(feed.rows[i]).toBe(before[i]);
          }
        },
      ),
    );
  });

  it("groups everything again when an older message is placed among the shown ones, or the filter changes", () => {
    const shown = [message(1, 0), message(3, 5)];
    const feed = feedRows(shown, emptyFilter);
    const late = [message(1, 0), message(2, 0), message(3, 5)];
    expect(feedRows(late, emptyFilter, feed).rows).toEqual(fromScratch(late));
    const filter = { ...emptyFilter, stream: "user-1" };
    expect(feedRows(shown, filter, feed).rows).toEqual(fromScratch(shown, filter));
  });
});
