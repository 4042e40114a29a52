import { useSyncExternalStore } from "react";
import type { AnyAggregateClass, Repository } from "../core/index.js";
import { aggregateQuery } from "./aggregate-query.js";
import { getServerSnapshot, type QueryResult, type SuspenseQueryResult } from "./query-result.js";
import type { QueryOptions } from "./use-projection.js";

/**
 * One aggregate, live: loads it, re-renders when its stream changes (here, in another tab, or
 * through the store's notifications), and keeps `data` the same object while its version is the
 * same. `error` is `ObjectNotFoundError` for an id with no events. Read it; change it through
 * `useCommand` and the repository, not by calling methods on `data`.
 *
 * @example
 * const { data: todo, isPending } = useAggregate(todos, id);
 */
export function useAggregate<C extends AnyAggregateClass>(
  repository: Repository<C>,
  id: string,
  options: QueryOptions = {},
): QueryResult<InstanceType<C>> {
  const query = aggregateQuery(repository, id);
  const result = useSyncExternalStore(query.subscribe, query.getSnapshot, getServerSnapshot);
  if (options.throwOnError && result.isError) throw result.error;
  return result;
}

/**
 * `useAggregate` for Suspense: suspends until loaded, throws errors to the nearest error
 * boundary, and returns `data` always defined.
 *
 * @example
 * const { data: todo } = useSuspenseAggregate(todos, id);
 */
export function useSuspenseAggregate<C extends AnyAggregateClass>(
  repository: Repository<C>,
  id: string,
): SuspenseQueryResult<InstanceType<C>> {
  const query = aggregateQuery(repository, id);
  const result = useAggregate(repository, id, { throwOnError: true });
  if (result.isSuccess) return result;
  throw query.ensureLoaded();
}
