import type { AggregateRoot, AnyAggregateClass } from "./aggregate.js";
import { commitAggregates } from "./commit.js";
import { Repository, type RepositoryContext, type UnitOfWorkScope } from "./repository.js";

/**
 * Collects the aggregates added through its repositories and commits them in one store
 * transaction. Inside it, `get` returns the same instance for the same id (identity map).
 * Made by `domain.unitOfWork`, which commits when the callback returns.
 */
export class UnitOfWork implements UnitOfWorkScope {
  readonly #identityMap = new Map<string, object>();
  readonly #enlisted = new Set<AggregateRoot>();
  readonly #context: RepositoryContext;

  constructor(context: Omit<RepositoryContext, "unitOfWork">) {
    this.#context = { ...context, unitOfWork: this };
  }

  /** A repository whose `add` enlists in this unit and whose `get` uses its identity map. */
  repositoryFor<C extends AnyAggregateClass>(Class: C): Repository<C> {
    return new Repository(this.#context, Class);
  }

  lookup(stream: string): object | undefined {
    return this.#identityMap.get(stream);
  }

  remember(stream: string, aggregate: object): void {
    this.#identityMap.set(stream, aggregate);
  }

  enlist(aggregate: object): void {
    this.#enlisted.add(aggregate as AggregateRoot);
  }

  /** Writes every enlisted aggregate's pending events in one append: all or nothing. */
  async commit(): Promise<void> {
    await commitAggregates(this.#context, this.#enlisted, "unitOfWork");
    this.#enlisted.clear();
  }
}
