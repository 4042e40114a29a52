import type { Message } from "./event-store.js";

/**
 * Folds one message into the view and returns the next view. Treat `view` as immutable: return a
 * new object for what changed and share the rest, so React can tell rows apart by reference.
 * `data` is the message's data with Dates, Maps, Sets and BigInts restored.
 */
export type ProjectionHandler<View> = {
  // Method syntax makes `data` bivariant: a handler may annotate it with its event's data type
  // (`data: { title: string }`), and an unannotated one gets a plain record.
  fold(view: View, data: Readonly<Record<string, unknown>>, message: Message): View;
}["fold"];

/** What a handler that keeps failing leads to: pause the projection (default) or park the message. */
export type FailurePolicy = "pause" | "park";

/** Options of `defineProjection(domain, name, options)`. */
export interface ProjectionOptions<View> {
  /** Bump it when handlers change: the projection rebuilds from the start while the old view serves. */
  version: number;
  /** The view before any message. */
  initialState: View;
  /** Categories to fold, merged in global order. */
  categories: readonly string[];
  /**
   * One handler per message type; `"*"` folds the types without their own handler. Other types
   * are read and skipped, and so is a handler's result that is the view it was given: neither
   * costs a write.
   */
  handlers: Readonly<Record<string, ProjectionHandler<View>>>;
  /** Messages read per category per round trip, and so the most re-seen after a crash (default 1000). */
  batchSize?: number;
  /** Attempts of a throwing handler before `onFailure` applies, and the first backoff (default 3 and 10 ms, doubling). */
  retry?: { attempts?: number; backoffMs?: number };
  /** `pause` (default): stop with a `ProjectionHandlerError` naming the message. `park`: record it in `name:parked-0` and go on. */
  onFailure?: FailurePolicy;
  /**
   * Least time between two checkpoints (default 0: one per batch that changed the view). Each
   * checkpoint holds the whole view, so a large view under steady writes grows its position stream
   * fast; an interval bounds that, and a restart then folds again what came after the last one
   * (never twice into the view: view and positions are saved together).
   */
  checkpointIntervalMs?: number;
  /** Interval of the poll that backs up the store's notifications while live (default 1000 ms). */
  pollIntervalMs?: number;
  /** MessageDB consumer group: this process folds only the streams of `member` (0-based) of `size`. */
  consumerGroup?: { member: number; size: number };
  /** Only messages whose `metadata.correlationStreamName` is in this category. */
  correlation?: string;
}

/**
 * Where a projection is. `catching-up` and `live` serve the view as folded so far; `rebuilding`
 * serves the previous version's view while the new one is built; `paused` holds an error.
 */
export type ProjectionStatus =
  | "idle"
  | "loading"
  | "catching-up"
  | "live"
  | "rebuilding"
  | "paused"
  | "stopped";

/** An immutable picture of a projection; the same object until something changes. */
export interface ProjectionSnapshot<View> {
  readonly status: ProjectionStatus;
  /** The view being served; undefined until the checkpoint has been read. */
  readonly view: View | undefined;
  /** Highest global position folded (or read past), 0 before any. */
  readonly position: number;
  /** Set while paused by a failing handler, or while the store fails (then retried). */
  readonly error: Error | undefined;
  /** While rebuilding: messages folded into the new version, and an estimate of the total. */
  readonly rebuild: { readonly done: number; readonly total: number } | undefined;
}

/** A view and where it was folded to, stored together in one message. */
export interface Checkpoint<View> {
  readonly version: number;
  /** Last global position read, per category: catch-up resumes after it in each. */
  readonly positions: Readonly<Record<string, number>>;
  /** Messages read so far (folded or skipped); the total a rebuild reports against. */
  readonly read: number;
  readonly view: View;
}
