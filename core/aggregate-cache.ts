import {
  type AggregateRoot,
  type AnyAggregateClass,
  aggregateInternals,
  copyState,
  instantiate,
} from "./aggregate.js";

/** How long a stream that conflicted is read before each command instead of trusted. */
export const CONTENDED_MS = 10_000;

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
  /** Streams that conflicted lately, with when: another writer is active there. */
  readonly #contended = new Map<string, number>();

  constructor(readonly maxEntries = 1000) {}

  /**
   * Whether `transact` may skip the read before its write. Not for a stream that conflicted in the
   * last `CONTENDED_MS`: another process writes it, so the cached state is likely stale, and a read
   * of the (short) tail is cheaper than a failed write and a retry.
   */
  trusts(stream: string): boolean {
    const since = this.#contended.get(stream);
    if (since === undefined) return true;
    if (Date.now() - since < CONTENDED_MS) return false;
    this.#contended.delete(stream);
    return true;
  }

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

  /** A write to the stream conflicted: forget its state and stop trusting it for a while. */
  contended(stream: string): void {
    this.#entries.delete(stream);
    this.#contended.delete(stream);
    this.#contended.set(stream, Date.now());
    if (this.#contended.size > this.maxEntries) {
      const oldest = this.#contended.keys().next().value;
      if (oldest !== undefined) this.#contended.delete(oldest);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}
