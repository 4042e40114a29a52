import type { AnyAggregateClass } from "./aggregate.js";
import { defineProjection } from "./define-projection.js";
import type { Domain } from "./domain.js";
import type { Projection } from "./projection.js";
import type { ProjectionOptions } from "./projection-types.js";
import { idOf } from "./stream-name.js";

/**
 * The ids of a category's streams, in the order their first message was written: the list
 * screen's query. Idempotent (an id already listed is not added again), so re-reading a batch
 * after a crash is harmless wherever the view is kept.
 *
 * @example
 * const todoIds = categoryIds(domain, Todo);
 * await todoIds.waitFor();
 * todoIds.getSnapshot().view; // ["3f2a…", "9c1d…"]
 */
export function categoryIds(
  domain: Domain,
  source: AnyAggregateClass | string,
  options: Pick<
    ProjectionOptions<readonly string[]>,
    "batchSize" | "pollIntervalMs" | "consumerGroup"
  > & {
    name?: string;
  } = {},
): Projection<readonly string[]> {
  const category = typeof source === "string" ? source : source.streamCategory;
  const { name, ...rest } = options;
  return defineProjection<readonly string[]>(domain, name ?? `${category}Ids`, {
    ...rest,
    version: 1,
    categories: [category],
    initialState: [],
    handlers: {
      "*": (ids, _data, message) => {
        if (message.position !== 0) return ids;
        const id = idOf(message.streamName);
        return id === undefined || ids.includes(id) ? ids : [...ids, id];
      },
    },
  });
}
