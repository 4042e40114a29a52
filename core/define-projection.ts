import type { Domain } from "./domain.js";
import { Projection } from "./projection.js";
import type { ProjectionOptions } from "./projection-types.js";

/**
 * A read model over a domain's store (see `Projection`); it starts on `start()`, `waitFor()` or
 * a React hook. A function rather than a method of `Domain`, so an app without read models does
 * not bundle them.
 *
 * @example
 * const titles = defineProjection(todos, "titles", {
 *   version: 1, categories: ["todo"], initialState: [] as string[],
 *   handlers: { Added: (view, data) => [...view, String(data.title)] },
 * });
 */
export function defineProjection<View>(
  domain: Domain,
  name: string,
  options: ProjectionOptions<View>,
): Projection<View> {
  return new Projection(domain.eventStore, name, options);
}
