import { byCategoryThenStream } from "./commit.js";
import { ConfigurationError, isExpectedVersionError } from "./errors.js";
import type { AppendResult, EventStore, StreamAppend } from "./event-store.js";
import { categoryOf } from "./stream-name.js";

/** An inline projection's part of one commit: its checkpoint append, and what to do after. */
export interface InlinePlan {
  readonly append: StreamAppend;
  /** The append succeeded: serve the new view. */
  apply(results: readonly AppendResult[]): void;
}

/** What the commit path needs from an inline projection (`Projection` implements it). */
export interface InlineParticipant {
  readonly name: string;
  readonly categories: readonly string[];
  /** Caught up once (false: stopped, leave it out); rejects when paused. */
  inlineReady(): Promise<boolean>;
  /** Runs `work` while neither a commit nor catch-up changes the projection. */
  locked<T>(work: () => Promise<T>): Promise<T>;
  /** Folds the commit's events for `appends`; undefined when it has nothing to write. */
  planInline(appends: readonly StreamAppend[], now: Date): Promise<InlinePlan | undefined>;
  /** Another writer moved the position stream: reload before the next plan. */
  conflicted(): void;
}

/**
 * How long one commit keeps trying when only inline position streams conflict (each attempt
 * reloads them first): a writer that commits back to back wins every race until its burst ends.
 */
const RETRY_FOR_MS = 10_000;
/** Ceiling of the random pause before the second attempt, doubled each time up to MAX_BACKOFF_MS. */
const BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A domain's inline projections: each commit that writes to their categories appends their
 * checkpoints in the same `EventStore.append`, expecting each position stream where the
 * projection last saw it. A conflict there (another tab or process committed to the same
 * projection) reloads that checkpoint and folds the commit again; the aggregates' own expected
 * versions are unchanged, so only the projection part is redone. Commits touching an inline
 * projection run one at a time per process (its lock), as they must to build on each other's view.
 */
export class InlineProjections {
  readonly #all: InlineParticipant[] = [];

  add(projection: InlineParticipant): void {
    if (this.#all.some((p) => p.name === projection.name)) {
      // Both would append to one position stream in one append, and conflict with each other forever.
      throw new ConfigurationError(
        `Inline projection ${projection.name} is already defined in this domain: define it once and share it.`,
      );
    }
    this.#all.push(projection);
  }

  /** The commit path's `EventStore.append`, with the checkpoints of the projections it feeds. */
  async append(store: EventStore, appends: StreamAppend[]): Promise<AppendResult[]> {
    const involved: InlineParticipant[] = [];
    for (const p of this.#all) {
      if (!appends.some((a) => p.categories.includes(categoryOf(a.streamName)))) continue;
      // Outside the locks: a first catch-up folds under the same lock.
      if (await p.inlineReady()) involved.push(p);
    }
    if (involved.length === 0) return store.append(appends);
    // One lock order for every commit: two commits never wait for each other's second lock.
    involved.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const run = involved.reduceRight<() => Promise<AppendResult[]>>(
      (inner, p) => () => p.locked(inner),
      () => this.#appendWith(store, appends, involved),
    );
    return run();
  }

  async #appendWith(
    store: EventStore,
    appends: StreamAppend[],
    involved: readonly InlineParticipant[],
  ): Promise<AppendResult[]> {
    const giveUpAt = Date.now() + RETRY_FOR_MS;
    for (let attempt = 1; ; attempt++) {
      const now = new Date();
      const plans = new Map<string, { plan: InlinePlan; projection: InlineParticipant }>();
      for (const projection of involved) {
        const plan = await projection.planInline(appends, now);
        if (plan) plans.set(plan.append.streamName, { plan, projection });
      }
      if (plans.size === 0) return store.append(appends);
      const all = [...appends, ...[...plans.values()].map((p) => p.plan.append)].sort(
        byCategoryThenStream,
      );
      try {
        const results = await store.append(all);
        for (const { plan } of plans.values()) plan.apply(results);
        return results;
      } catch (error) {
        const own = isExpectedVersionError(error) ? plans.get(error.streamName) : undefined;
        if (!own || Date.now() >= giveUpAt) throw error;
        own.projection.conflicted();
        // Without a pause, a writer committing back to back lands between this reload and
        // this append every time (reproduced on IndexedDB and PGlite): jitter breaks the rhythm.
        await sleep(Math.random() * Math.min(BACKOFF_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS));
      }
    }
  }
}
