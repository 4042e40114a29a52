import type { TapCall, TapRecord } from "../../core/index.js";

type CommitRecord = Extract<TapRecord, { kind: "commit" }>;

/** Which call wrote the messages of a commit, looked up by the global positions a feed row shows. */
export interface CallLookup {
  /** The call that wrote a stream's messages lying within global positions `first`..`last`. */
  within(first: number, last: number): TapCall | undefined;
}

/**
 * Which call wrote each commit the tap saw, as the global position range of each stream it wrote:
 * numbers appended in order, searched only for the few commits on screen. Kept in place of a map
 * keyed by message id, which cost a hash insert per commit on the app's write path.
 */
export class CallLog implements CallLookup {
  /** Sorted by `#to`; ranges of different commits do not overlap. */
  #from: number[] = [];
  #to: number[] = [];
  #calls: TapCall[] = [];
  /** Commits were heard since the last `flush`. */
  #heard = false;

  constructor(readonly capacity = 50_000) {}

  /**
   * Files a commit record's ranges: appended when they come in global order, as they do unless
   * calls run concurrently; inserted in place otherwise. Lookups only ever find more commits: a
   * range heard before its messages are shown is not asked for until they are.
   */
  hear(record: CommitRecord): void {
    const { streams, results, call } = record;
    this.#heard = true;
    for (const result of results) {
      const to = result.globalPosition;
      const from = to - writtenTo(streams, result.streamName) + 1;
      if (to >= (this.#to[this.#to.length - 1] ?? Number.NEGATIVE_INFINITY)) {
        this.#from.push(from);
        this.#to.push(to);
        this.#calls.push(call);
      } else {
        // A commit that resolved after a later one (concurrent calls on a pooled store), or a
        // commit's streams listed out of global order.
        const at = this.#firstEndingAtOrAfter(to);
        this.#from.splice(at, 0, from);
        this.#to.splice(at, 0, to);
        this.#calls.splice(at, 0, call);
      }
    }
  }

  /** True when commits were heard since the last `flush`. */
  get changed(): boolean {
    return this.#heard;
  }

  /** Marks what was heard as shown; drops the oldest ranges past `capacity`. */
  flush(): void {
    this.#heard = false;
    const over = this.#to.length - this.capacity;
    // Trimmed a quarter at a time, so dropping the oldest costs O(1) a commit.
    if (over > this.capacity / 4) {
      this.#from.splice(0, over);
      this.#to.splice(0, over);
      this.#calls.splice(0, over);
    }
  }

  within(first: number, last: number): TapCall | undefined {
    const at = this.#firstEndingAtOrAfter(first);
    return (this.#from[at] ?? Number.POSITIVE_INFINITY) <= last ? this.#calls[at] : undefined;
  }

  #firstEndingAtOrAfter(position: number): number {
    const to = this.#to;
    let low = 0;
    let high = to.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((to[mid] as number) < position) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/**
 * How many messages a commit wrote to `streamName` (1 for a stream it does not list: an inline
 * projection's view, written in the same append).
 */
function writtenTo(streams: CommitRecord["streams"], streamName: string): number {
  for (const stream of streams) if (stream.streamName === streamName) return stream.messages.length;
  return 1;
}
