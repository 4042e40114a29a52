import type { EventStore, Message, ReadCategoryOptions } from "./event-store.js";

/**
 * Reads the next batch of several categories merged in global order, from a cursor per category.
 *
 * Why one cursor per category rather than one global position: on PostgreSQL, sequence values
 * can commit out of order across transactions, so a reader may see global position P+1 of one
 * category before P of another commits. MessageDB takes a per-category lock around the sequence
 * call until commit, so within one category positions become visible in order; a cursor per
 * category therefore never skips a late commit of another category (it is folded when it becomes
 * visible, after the messages that committed before it).
 *
 * When a category's read fills the batch, messages beyond its last are not yet known, so the
 * merge stops there: every message returned is in global order among those read. `complete`
 * says no read filled its batch: everything committed before the read is in it.
 */
export async function readMerged(
  store: EventStore,
  categories: readonly string[],
  cursors: Readonly<Record<string, number>>,
  batchSize: number,
  options: Omit<ReadCategoryOptions, "fromGlobalPosition" | "batchSize">,
): Promise<{ messages: Message[]; complete: boolean }> {
  const reads = await Promise.all(
    categories.map((category) =>
      store.readCategory(category, {
        ...options,
        fromGlobalPosition: (cursors[category] ?? 0) + 1,
        batchSize,
      }),
    ),
  );
  if (reads.length === 1) {
    const messages = reads[0] ?? [];
    return { messages, complete: messages.length < batchSize };
  }
  let bound = Number.POSITIVE_INFINITY;
  for (const read of reads) {
    const last = read[read.length - 1];
    if (read.length >= batchSize && last) bound = Math.min(bound, last.globalPosition);
  }
  const merged: Message[] = [];
  for (const read of reads) {
    for (const m of read) if (m.globalPosition <= bound) merged.push(m);
  }
  merged.sort((a, b) => a.globalPosition - b.globalPosition);
  // No read filled its batch: every category was read to its end as of this read.
  return { messages: merged, complete: bound === Number.POSITIVE_INFINITY };
}
