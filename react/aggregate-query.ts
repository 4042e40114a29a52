import { type AnyAggregateClass, type Repository, streamName } from "../core/store-kit.js";
import { failure, PENDING, type QueryResult, success } from "./query-result.js";
import { whenVisible } from "./visibility.js";

type Aggregate<C extends AnyAggregateClass> = InstanceType<C>;

/**
 * One aggregate kept loaded for the components showing it: loads on first use, reloads when its
 * stream gets a message (in this tab, another tab, or this process), and keeps the same instance
 * while its version is unchanged.
 */
export class AggregateQuery<C extends AnyAggregateClass> {
  #result: QueryResult<Aggregate<C>> = PENDING;
  #listeners = new Set<() => void>();
  #stopWatching: (() => void) | undefined;
  #loads = 0;
  #loading: Promise<void> | undefined;

  constructor(
    readonly repository: Repository<C>,
    readonly id: string,
  ) {}

  readonly getSnapshot = (): QueryResult<Aggregate<C>> => this.#result;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) this.#watch();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) {
        this.#stopWatching?.();
        this.#stopWatching = undefined;
      }
    };
  };

  /** Loads once (for Suspense); later changes arrive through `subscribe`. */
  ensureLoaded(): Promise<void> {
    this.#loading ??= this.load();
    return this.#loading;
  }

  /** Reads the aggregate again; only the latest of overlapping loads is kept. */
  async load(): Promise<void> {
    const load = ++this.#loads;
    let next: QueryResult<Aggregate<C>>;
    try {
      const aggregate = await this.repository.get(this.id);
      const previous = this.#result.data;
      next =
        previous && previous._version === aggregate._version && this.#result.isSuccess
          ? this.#result
          : success(aggregate);
    } catch (error) {
      const reason = error instanceof Error ? error : new Error(String(error));
      next = failure(reason, this.#result.data);
    }
    if (load !== this.#loads || next === this.#result) return;
    this.#result = next;
    for (const listener of [...this.#listeners]) listener();
  }

  #watch(): void {
    const stream = streamName(this.repository.aggregateClass.streamCategory, this.id);
    const offStore = this.repository.eventStore.subscribe((messages) => {
      if (messages.some((m) => m.streamName === stream)) void this.load();
    });
    const offVisible = whenVisible(() => void this.load());
    this.#stopWatching = () => {
      offStore();
      offVisible();
    };
    // Loaded before anyone listened (Suspense, or a remount): read again, a write may have passed.
    if (this.#loading) void this.load();
    else void this.ensureLoaded();
  }
}

const queries = new WeakMap<object, Map<string, AggregateQuery<AnyAggregateClass>>>();

/** The shared query of one aggregate, so every component showing it reads it once. */
export function aggregateQuery<C extends AnyAggregateClass>(
  repository: Repository<C>,
  id: string,
): AggregateQuery<C> {
  let byId = queries.get(repository);
  if (!byId) {
    byId = new Map();
    queries.set(repository, byId);
  }
  let query = byId.get(id);
  if (!query) {
    query = new AggregateQuery(repository as unknown as Repository<AnyAggregateClass>, id);
    byId.set(id, query);
  }
  return query as unknown as AggregateQuery<C>;
}
