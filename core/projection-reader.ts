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
 * merge stops there: every message returned is in global order among those read.
 */
export async function readMerged(
  store: EventStore,
  categories: readonly string[],
  cursors: Readonly<Record<string, number>>,
  batchSize: number,
  options: Omit<ReadCategoryOptions, "fromGlobalPosition" | "batchSize">,
): Promise<Message[]> {
  const reads = await Promise.all(
    categories.map((category) =>
      store.readCategory(category, {
        ...options,
        fromGlobalPosition: (cursors[category] ?? 0) + 1,
        batchSize,
      }),
    ),
  );
  if (reads.length === 1) return reads[0] ?? [];
  let bound = Number.POSITIVE_INFINITY;
  for (const read of reads) {
    const last = read[read.length - 1];
    if (read.length >= batchSize && last) bound = Math.min(bound, last.globalPosition);
  }
  const merged: Message[] = [];
  for (const read of reads) {
    for (const m of read) if (m.globalPosition <= bound) merged.push(m);
  }
  return merged.sort((a, b) => a.globalPosition - b.globalPosition);
}
