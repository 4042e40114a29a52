/**
 * React bindings for Strata (`strata-es/react`): live aggregates and projections through
 * `useSyncExternalStore`, and commands with their status. React is an optional peer.
 */
export { AggregateQuery, aggregateQuery } from "./aggregate-query.js";
export type { QueryResult, SuspenseQueryResult } from "./query-result.js";
export { useAggregate, useSuspenseAggregate } from "./use-aggregate.js";
export { type CommandOptions, type CommandResult, useCommand } from "./use-command.js";
export { type QueryOptions, useProjection, useSuspenseProjection } from "./use-projection.js";
export { useProjectionStatus } from "./use-projection-status.js";
