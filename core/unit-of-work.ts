import type { AggregateRoot, AnyAggregateClass } from "./aggregate.js";
import { commitAggregates } from "./commit.js";
import { UsageError } from "./errors.js";
import { type CommitOptions, Repository, type RepositoryContext } from "./repository.js";

type UnitState = "open" | "committing" | "committed" | "failed";

/**
 * What a unit's repositories share: the identity map, the aggregates to commit, and whether the
 * unit still takes work. Internal: the public face is {@link UnitOfWork}.
 */
export class UnitScope {
  readonly identityMap = new Map<string, AggregateRoot>();
  readonly enlisted = new Set<AggregateRoot>();
  state: UnitState = "open";

  assertOpen(call: string): void {
    if (this.state === "open") return;
    const ended = this.state === "failed" ? "failed" : "committed";
    throw new UsageError(
      `${call}: this unit of work has ${ended}, so nothing would be written. A unit's repositories work only inside its callback: start a new domain.unitOfWork(async (uow) => ...), or use domain.repositoryFor(...) to write at once.`,
    );
  }

  /** True when the aggregate was loaded or added through this unit. */
  holds(aggregate: AggregateRoot): boolean {
    if (this.enlisted.has(aggregate)) return true;
    for (const known of this.identityMap.values()) if (known === aggregate) return true;
    return false;
  }
}

/**
 * A unit of work, as `domain.unitOfWork` hands it to its callback: repositories whose `add` only
 * enlists (the unit commits every enlisted aggregate in one store transaction when the callback
 * returns) and whose `get` returns the same instance for the same id (identity map). Used after
 * the callback, they throw UsageError.
 *
 * @example
 * await identity.unitOfWork(async (uow) => {
 *   const users = uow.repositoryFor(User);
 *   await users.add(User.register("a@example.com"));
 * });
 */
export class UnitOfWork {
  readonly #context: RepositoryContext;
  readonly #scope: UnitScope;

  /** @internal Made by `domain.unitOfWork`. */
  constructor(context: RepositoryContext, scope: UnitScope) {
    this.#context = { ...context, unitOfWork: scope };
    this.#scope = scope;
  }

  /** A repository of this unit: `add` enlists, `get` goes through the identity map. */
  repositoryFor<C extends AnyAggregateClass>(Class: C): Repository<C> {
    this.#scope.assertOpen(`uow.repositoryFor(${Class?.aggregateName ?? Class?.name})`);
    this.#context.assertOwn(Class);
    return new Repository(this.#context, Class);
  }
}

/** Runs `work` in a new unit and commits what it enlisted: all or nothing. */
export async function runUnitOfWork<R>(
  context: RepositoryContext,
  work: (uow: UnitOfWork) => R | Promise<R>,
  { onCommit }: CommitOptions = {},
): Promise<R> {
  const scope = new UnitScope();
  context.openUnits.add(scope);
  try {
    const result = await work(new UnitOfWork(context, scope));
    scope.state = "committing";
    const commit = await commitAggregates(context, scope.enlisted, "unitOfWork");
    scope.state = "committed";
    onCommit?.(commit);
    return result;
  } catch (error) {
    scope.state = "failed";
    throw error;
  } finally {
    context.openUnits.delete(scope);
  }
}
