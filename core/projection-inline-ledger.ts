import type { Message } from "./event-store.js";

type Ranges = Record<string, (readonly [number, number])[]>;

/**
 * What an inline projection folded at commit time and catch-up has not read yet: `[from, to]`
 * stream-position ranges per stream. Commits know the stream positions they write (expected
 * version + 1...) but not the global ones, which the store assigns, and on PostgreSQL in an
 * order other transactions interleave with; so inline folds are named by stream position, and
 * the per-category global cursor only ever moves by reading. Catch-up reads a stream's positions
 * in increasing order, so each range is consumed from its front and the ledger stays as small as
 * what catch-up has yet to read.
 */
export class InlineLedger {
  #ranges: Ranges;

  constructor(ranges: Readonly<Record<string, readonly (readonly [number, number])[]>> = {}) {
    this.#ranges = {};
    for (const [stream, list] of Object.entries(ranges)) this.#ranges[stream] = [...list];
  }

  get empty(): boolean {
    for (const _ in this.#ranges) return false;
    return true;
  }

  /** Records `from..to` of `stream` as folded (merged with a range it continues). */
  add(stream: string, from: number, to: number): void {
    const list = this.#ranges[stream] ?? [];
    const last = list[list.length - 1];
    if (last && last[1] + 1 === from) list[list.length - 1] = [last[0], to];
    else list.push([from, to]);
    this.#ranges[stream] = list;
  }

  /** True when `message` was folded inline (and forgets it: catch-up is past it now). */
  consume(message: Message): boolean {
    const list = this.#ranges[message.streamName];
    if (list === undefined) return false;
    const p = message.position;
    for (let range = list[0]; range !== undefined; range = list[0]) {
      // A range catch-up has passed without reading (cannot happen while streams only grow).
      if (p > range[1]) {
        list.shift();
        continue;
      }
      if (p < range[0]) return false;
      if (p === range[1]) list.shift();
      else list[0] = [p + 1, range[1]];
      if (list.length === 0) delete this.#ranges[message.streamName];
      return true;
    }
    delete this.#ranges[message.streamName];
    return false;
  }

  /**
   * A copy for a checkpoint, with `extra` ranges a commit is about to fold (undefined when empty,
   * so checkpoints of projections without inline folds keep their shape).
   */
  toJSON(extra: readonly (readonly [string, number, number])[] = []): Ranges | undefined {
    if (this.empty && extra.length === 0) return undefined;
    const copy = new InlineLedger(this.#ranges);
    for (const [stream, from, to] of extra) copy.add(stream, from, to);
    return copy.#ranges;
  }
}
