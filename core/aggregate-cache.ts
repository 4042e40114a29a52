import {
  type AggregateRoot,
  type AnyAggregateClass,
  aggregateInternals,
  copyState,
  instantiate,
} from "./aggregate.js";

interface CachedAggregate {
  readonly state: Record<string, unknown>;
  readonly version: number;
  readonly lastSnapshotVersion: number;
}

/**
 * An in-process cache of aggregate states by stream, least recently used out first. States are
 * copied in and out, so a cached state never changes behind the store's back. `get` still reads
 * the events after the cached version; `transact` trusts the cache and lets the expected-version
 * check catch a stale entry, which costs one retry instead of a read per command.
 *
 * @example
 * const identity = new Domain("identity", { eventStore, cache: { maxEntries: 10_000 } });
 */
export class AggregateCache {
  readonly #entries = new Map<string, CachedAggregate>();

  constructor(readonly maxEntries = 1000) {}

  /** A fresh aggregate rebuilt from the cached state, or undefined. */
  restore<C extends AnyAggregateClass>(
    Class: C,
    id: string,
    stream: string,
  ): InstanceType<C> | undefined {
    const entry = this.#entries.get(stream);
    if (!entry) return undefined;
    this.#entries.delete(stream);
    this.#entries.set(stream, entry);
    const aggregate = instantiate(Class, id);
    Object.assign(aggregate, copyState(entry.state));
    aggregateInternals.setVersion(aggregate, entry.version);
    aggregateInternals.setLastSnapshotVersion(aggregate, entry.lastSnapshotVersion);
    return aggregate;
  }

  remember(stream: string, aggregate: AggregateRoot): void {
    this.#entries.delete(stream);
    this.#entries.set(stream, {
      state: copyState(aggregate),
      version: aggregate._version,
      lastSnapshotVersion: aggregateInternals.lastSnapshotVersion(aggregate),
    });
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  forget(stream: string): void {
    this.#entries.delete(stream);
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}
