import type { AnyAggregateClass } from "./aggregate.js";
import { type CommitContext, commitAggregates } from "./commit.js";
import { ExpectedVersionError, UsageError } from "./errors.js";
import { type GetOptions, loadLatest, loadPast } from "./load.js";
import type { Logger } from "./snapshot.js";
import { streamName } from "./stream-name.js";

/** What a repository needs from its domain (and, inside a unit of work, from the unit). */
export interface RepositoryContext extends CommitContext {
  readonly logger: Logger;
  /** Set inside a unit of work: `add` enlists, `get` goes through the identity map. */
  readonly unitOfWork?: UnitOfWorkScope | undefined;
}

/** The part of a unit of work a repository talks to. */
export interface UnitOfWorkScope {
  lookup(stream: string): object | undefined;
  remember(stream: string, aggregate: object): void;
  enlist(aggregate: object): void;
}

/** Options of `repository.transact`. */
export interface TransactOptions {
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
  constructor(
    private readonly context: RepositoryContext,
    readonly aggregateClass: C,
  ) {}

  /**
   * Appends the aggregate's pending events atomically, expecting the stream at the version it
   * was loaded at, with a snapshot when one is due. Inside a unit of work it only enlists the
   * aggregate; the unit commits. Throws `ExpectedVersionError` (and writes nothing) on conflict.
   */
  async add(aggregate: InstanceType<C>): Promise<void> {
    if (!(aggregate instanceof this.aggregateClass)) {
      throw new UsageError(
        `Repository of ${this.aggregateClass.aggregateName} cannot add ${(aggregate as object)?.constructor?.name ?? typeof aggregate}.`,
      );
    }
    const unit = this.context.unitOfWork;
    if (unit) {
      unit.remember(this.streamOf(aggregate.id), aggregate);
      unit.enlist(aggregate);
      return;
    }
    await commitAggregates(this.context, [aggregate]);
  }

  /**
   * Loads the aggregate: its last snapshot plus the events after it, or with `atVersion`/`asOf`
   * a read-only past state. Throws `ObjectNotFoundError` when the stream has no events.
   */
  async get(id: string, options?: GetOptions): Promise<InstanceType<C>> {
    if (options && (options.atVersion !== undefined || options.asOf !== undefined)) {
      return loadPast(this.context, this.aggregateClass, id, options);
    }
    const unit = this.context.unitOfWork;
    if (!unit) return loadLatest(this.context, this.aggregateClass, id);
    const stream = this.streamOf(id);
    const known = unit.lookup(stream);
    if (known) return known as InstanceType<C>;
    const loaded = await loadLatest(this.context, this.aggregateClass, id);
    unit.remember(stream, loaded);
    return loaded;
  }

  /**
   * Runs a command with retries: load, run `command`, add; on `ExpectedVersionError` reload and
   * run it again, up to `maxAttempts` times with exponential backoff. Returns the command's result.
   *
   * @example
   * await users.transact(id, (user) => user.rename("Ada"));
   */
  async transact<R>(
    id: string,
    command: (aggregate: InstanceType<C>) => R | Promise<R>,
    { maxAttempts = 5, backoffMs = 5 }: TransactOptions = {},
  ): Promise<R> {
    if (this.context.unitOfWork) {
      throw new UsageError(
        "transact retries by reloading, which a unit of work cannot do: call it on domain.repositoryFor(...) outside the unit of work.",
      );
    }
    for (let attempt = 1; ; attempt++) {
      // A cached state may be stale; the expected-version check catches that and the retry reloads.
      const aggregate = await loadLatest(this.context, this.aggregateClass, id, true);
      const result = await command(aggregate);
      try {
        await commitAggregates(this.context, [aggregate], "transact");
        return result;
      } catch (error) {
        if (!(error instanceof ExpectedVersionError) || attempt >= maxAttempts) throw error;
        await sleep(backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
      }
    }
  }

  private streamOf(id: string): string {
    return streamName(this.aggregateClass.streamCategory, id);
  }
}
