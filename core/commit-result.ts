/** Where a commit left one stream. */
export interface CommittedStream {
  readonly streamName: string;
  /** Position of the last message written to the stream. */
  readonly position: number;
  /** Global position of that message. */
  readonly globalPosition: number;
}

/**
 * What `repository.add`, a unit of work's `onCommit` and `transact`'s `onCommit` report: the
 * highest global position written, for read-your-writes with `projection.waitFor`, and where
 * each stream (snapshot streams included) was left.
 *
 * @example
 * const commit = await todos.add(Todo.create(id, "Milk"));
 * await todoList.waitFor(commit?.globalPosition); // the list now shows "Milk"
 */
export interface CommitResult {
  /** Highest global position written by the commit; 0 when it wrote nothing. */
  readonly globalPosition: number;
  readonly streams: readonly CommittedStream[];
}

/** The result of a commit that had nothing to write. */
export const NOTHING_COMMITTED: CommitResult = Object.freeze({
  globalPosition: 0,
  streams: Object.freeze([]) as readonly CommittedStream[],
});
