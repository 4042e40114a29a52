import { useCallback, useRef, useSyncExternalStore } from "react";
import type { Projection, ProjectionSnapshot } from "../core/index.js";
import {
  failure,
  getServerSnapshot,
  PENDING,
  type QueryResult,
  type SuspenseQueryResult,
  sameResult,
  success,
} from "./query-result.js";
import { whenVisible } from "./visibility.js";

/** Options of the query hooks. */
export interface QueryOptions {
  /** Throw the error while rendering, for the nearest error boundary (default false). */
  throwOnError?: boolean;
}

interface Cache<View, Selected> {
  source?: ProjectionSnapshot<View>;
  selector?: ((view: View) => Selected) | undefined;
  result?: QueryResult<Selected>;
}

function resultOf<View, Selected>(
  source: ProjectionSnapshot<View>,
  selector: ((view: View) => Selected) | undefined,
  isEqual: (a: Selected, b: Selected) => boolean,
  previous: QueryResult<Selected> | undefined,
): QueryResult<Selected> {
  if (source.view === undefined) {
    return source.error ? failure<Selected>(source.error, undefined) : PENDING;
  }
  const selected = selector ? selector(source.view) : (source.view as unknown as Selected);
  const data =
    previous?.data !== undefined && isEqual(previous.data, selected) ? previous.data : selected;
  const next =
    source.status === "paused" && source.error ? failure(source.error, data) : success(data);
  return previous && sameResult(previous, next) ? previous : next;
}

/**
 * A projection's view (or the part `selector` picks), live: re-renders only when the selected
 * data changes by `isEqual` (default `Object.is`), so a row component re-renders only when its
 * row object is replaced. Starts the projection when first used; a tab that becomes visible
 * reads at once.
 *
 * @example
 * const { data: titles, isPending } = useProjection(todoList, (view) => view.order);
 */
export function useProjection<View, Selected = View>(
  projection: Projection<View>,
  selector?: (view: View) => Selected,
  isEqual: (a: Selected, b: Selected) => boolean = Object.is,
  options: QueryOptions = {},
): QueryResult<Selected> {
  const cache = useRef<Cache<View, Selected>>({});
  const subscribe = useCallback(
    (onChange: () => void) => {
      const off = projection.subscribe(onChange);
      const offVisible = whenVisible(() => projection.refresh());
      void projection.start();
      return () => {
        off();
        offVisible();
      };
    },
    [projection],
  );
  const getSnapshot = useCallback((): QueryResult<Selected> => {
    const source = projection.getSnapshot();
    const current = cache.current;
    if (current.source === source && current.selector === selector && current.result) {
      return current.result;
    }
    const result = resultOf(source, selector, isEqual, current.result);
    cache.current = { source, selector, result };
    return result;
  }, [projection, selector, isEqual]);
  const result = useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
  if (options.throwOnError && result.isError) throw result.error;
  return result;
}

const ready = new WeakMap<object, Promise<void>>();

/**
 * `useProjection` for Suspense: suspends until the projection has caught up once, throws its
 * error to the nearest error boundary, and returns `data` always defined.
 *
 * @example
 * const { data: view } = useSuspenseProjection(todoList);
 */
export function useSuspenseProjection<View, Selected = View>(
  projection: Projection<View>,
  selector?: (view: View) => Selected,
  isEqual?: (a: Selected, b: Selected) => boolean,
): SuspenseQueryResult<Selected> {
  const result = useProjection(projection, selector, isEqual, { throwOnError: true });
  const status = projection.getSnapshot().status;
  if (result.isSuccess && status !== "loading" && status !== "catching-up") return result;
  let started = ready.get(projection);
  if (!started) {
    started = projection.start();
    ready.set(projection, started);
  }
  throw started;
}
