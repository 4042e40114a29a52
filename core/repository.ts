import type { AggregateRoot, AnyAggregateClass } from "./aggregate.js";
import { assertNotEmptyAndNew, type CommitContext, commitAggregates } from "./commit.js";
import { type CommitResult, NOTHING_COMMITTED } from "./commit-result.js";
import { ExpectedVersionError, isExpectedVersionError, UsageError } from "./errors.js";
import type { EventStore } from "./event-store.js";
import { type GetOptions, loadLatest, loadPast } from "./load.js";
import type { Logger } from "./snapshot.js";
import type { StreamLanes } from "./stream-lanes.js";
import { streamName } from "./stream-name.js";
import type { UnitScope } from "./unit-of-work.js";

/** What a repository needs from its domain (and, inside a unit of work, from the unit). */
export interface RepositoryContext extends CommitContext {
  readonly logger: Logger;
  /** Commands (`transact`) on one stream queue here, one at a time per process. */
  readonly lanes: StreamLanes;
  /** Units of work whose callback is running, to warn when their aggregates escape them. */
  readonly openUnits: Set<UnitScope>;
  /** Refuses an aggregate class of another domain. */
  assertOwn(Class: AnyAggregateClass): void;
  /** Set inside a unit of work: `add` enlists, `get` goes through the identity map. */
  readonly unitOfWork?: UnitScope | undefined;
}

/**
 * Read-your-writes for calls that return something else (`transact`, `unitOfWork`): `onCommit`
 * receives where the write landed, once it is committed.
 *
 * @example
 * let written = 0;
 * await users.transact(id, (u) => u.rename("Ada"), { onCommit: (c) => { written = c.globalPosition; } });
 * await userList.waitFor(written);
 */
export interface CommitOptions {
  /**
   * Called once, after a successful commit and before the call resolves, with its
   * `CommitResult` (`globalPosition` 0 and no streams when there was nothing to write). An
   * exception it throws rejects the call; the write stays.
   */
  onCommit?: (commit: CommitResult) => void;
}

/**
 * Options of `repository.transact`.
 *
 * @example
 * await users.transact(id, (u) => u.rename("Ada"), { maxAttempts: 10, backoffMs: 20 });
 */
export interface TransactOptions extends CommitOptions {
  /** How many times to run the command before giving up on conflicts (default 5). */
  maxAttempts?: number;
  /** Delay before the second attempt in ms, doubled each time, with jitter (default 5). */
  backoffMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Stores and loads one aggregate type. Get it from `domain.repositoryFor(Class)`, or from a unit
 * of work's `repositoryFor` to commit several aggregates together.
 *
 * @example
 * const users = identity.repositoryFor(User);
 * await users.add(User.register("ada@example.com"));
 * const ada = await users.get(id);
 */
export class Repository<C extends AnyAggregateClass> {
  readonly #context: RepositoryContext;

  /** @internal Made by `domain.repositoryFor` and `uow.repositoryFor`. */
  constructor(
    context: RepositoryContext,
    readonly aggregateClass: C,
  ) {
    this.#context = context;
  }

  /** The store it reads and writes (bindings such as `strata-es/react` subscribe to it). */
  get eventStore(): EventStore {
    return this.#context.eventStore;
  }

  /**
   * Appends the aggregate's pending events atomically, expecting the stream at the version it
   * was loaded at, with a snapshot when one is due, and resolves to the `CommitResult`
   * (`globalPosition` for `projection.waitFor`). Inside a unit of work it only enlists the
   * aggregate and resolves to `undefined`: the unit commits (its `onCommit` option reports the
   * position). Throws `ExpectedVersionError` (and writes nothing) on conflict, and `UsageError`
   * for a new aggregate with no events.
   *
   * @example
   * const user = User.register("ada@example.com");
   * const commit = await users.add(user); // user.pendingEvents is empty again
   * await userList.waitFor(commit?.globalPosition); // the list shows the new user
   */
  async add(aggregate: InstanceType<C>): Promise<CommitResult | undefined> {
    if (!(aggregate instanceof this.aggregateClass)) {
      throw new UsageError(
        `Repository of ${this.aggregateClass.aggregateName} cannot add ${(aggregate as object)?.constructor?.name ?? typeof aggregate}.`,
      );
    }
    const unit = this.#context.unitOfWork;
    if (unit) unit.assertOpen(`${this.aggregateClass.aggregateName} repository add`);
    assertNotEmptyAndNew(aggregate);
    if (unit) {
      unit.identityMap.set(this.#streamOf(aggregate.id), aggregate);
      unit.enlisted.add(aggregate);
      return undefined;
    }
    this.#warnIfHeldByUnit(aggregate);
    return commitAggregates(this.#context, [aggregate]);
  }

  /**
   * Loads the aggregate: its last snapshot plus the events after it, or with `atVersion`/`asOf`
   * a read-only past state. Throws `ObjectNotFoundError` when the stream has no events.
   *
   * @example
   * const ada = await users.get(id);
   * const before = await users.get(id, { atVersion: 0 }); // read-only
   */
  async get(id: string, options?: GetOptions): Promise<InstanceType<C>> {
    const unit = this.#context.unitOfWork;
    if (unit) unit.assertOpen(`${this.aggregateClass.aggregateName} repository get`);
    if (options && (options.atVersion !== undefined || options.asOf !== undefined)) {
      return loadPast(this.#context, this.aggregateClass, id, options);
    }
    if (!unit) return loadLatest(this.#context, this.aggregateClass, id);
    const stream = this.#streamOf(id);
    const known = unit.identityMap.get(stream);
    if (known) return known as InstanceType<C>;
    const loaded = await loadLatest(this.#context, this.aggregateClass, id);
    unit.identityMap.set(stream, loaded);
    return loaded;
  }

  /**
   * Runs a command: load, run `command`, add. Commands on the same aggregate in this process
   * queue and run one at a time, so they never conflict with each other; a conflict with another
   * process reloads and runs the command again, up to `maxAttempts` times with exponential
   * backoff. Returns the command's result; `onCommit` receives the `CommitResult`. Do not call
   * `transact` for the same aggregate inside its own command: it would wait for itself.
   *
   * @example
   * await users.transact(id, (user) => user.rename("Ada"));
   * let at = 0;
   * await users.transact(id, (user) => user.rename("Ada"), { onCommit: (c) => { at = c.globalPosition; } });
   * await userList.waitFor(at);
   */
  transact<R>(
    id: string,
    command: (aggregate: InstanceType<C>) => R | Promise<R>,
    options: TransactOptions = {},
  ): Promise<R> {
    if (this.#context.unitOfWork) {
      return Promise.reject(
        new UsageError(
          "transact retries by reloading, which a unit of work cannot do: call it on domain.repositoryFor(...) outside the unit of work.",
        ),
      );
    }
    const stream = this.#streamOf(id);
    const work = () => this.#runWithRetries(id, command, options);
    const around = this.#context.tap?.aroundTransact;
    if (around) return around(stream, () => this.#context.lanes.run(stream, work));
    return this.#context.lanes.run(stream, work);
  }

  async #runWithRetries<R>(
    id: string,
    command: (aggregate: InstanceType<C>) => R | Promise<R>,
    { maxAttempts = 5, backoffMs = 5, onCommit }: TransactOptions,
  ): Promise<R> {
    const stream = this.#streamOf(id);
    for (let attempt = 1; ; attempt++) {
      // A cached state may be stale; the expected-version check catches that and the retry reloads.
      const aggregate = await loadLatest(this.#context, this.aggregateClass, id, attempt);
      const result = await command(aggregate);
      let commit = NOTHING_COMMITTED;
      try {
        if (aggregate.pendingEvents.length > 0) {
          commit = await commitAggregates(this.#context, [aggregate], "transact", attempt);
        } else {
          // Nothing to write means no version check: make sure the decision saw the latest state.
          await this.#assertLatest(stream, aggregate);
        }
      } catch (error) {
        if (!isExpectedVersionError(error) || attempt >= maxAttempts) throw error;
        await sleep(backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
        continue;
      }
      // Outside the try: a throwing callback must not be mistaken for a conflict and rerun.
      onCommit?.(commit);
      return result;
    }
  }

  /**
   * A command that raised nothing decided on the state it loaded, which may come from the cache:
   * if the stream has moved since, that decision is stale, and the command must run again.
   */
  async #assertLatest(stream: string, aggregate: AggregateRoot): Promise<void> {
    if (!this.#context.cache) return;
    const actual = await this.#context.eventStore.streamVersion(stream);
    if (actual === aggregate._version) return;
    this.#context.cache.contended(stream);
    throw new ExpectedVersionError(stream, aggregate._version, actual);
  }

  #warnIfHeldByUnit(aggregate: AggregateRoot): void {
    for (const unit of this.#context.openUnits) {
      if (!unit.holds(aggregate)) continue;
      this.#context.logger.warn(
        `${this.aggregateClass.aggregateName} "${aggregate.id}" belongs to a running unit of work but was added through domain.repositoryFor(...): it is written now, outside the unit. Use uow.repositoryFor(...) to make it part of the unit.`,
      );
      return;
    }
  }

  #streamOf(id: string): string {
    return streamName(this.aggregateClass.streamCategory, id);
  }
}
