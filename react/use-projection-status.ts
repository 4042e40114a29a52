import { useCallback, useSyncExternalStore } from "react";
import type { Projection, ProjectionSnapshot } from "../core/index.js";

const serverStatus: ProjectionSnapshot<never> = Object.freeze({
  status: "idle",
  view: undefined,
  position: 0,
  error: undefined,
  rebuild: undefined,
});

/**
 * Where a projection is, for a status line: `status`, `position`, `error`, and `rebuild`
 * (`{ done, total }`) while a new version is built behind the old view. Re-renders at most once
 * per batch; use `useProjection` for the data, which re-renders only when it changes.
 *
 * @example
 * const { status, rebuild } = useProjectionStatus(todoList);
 * if (rebuild) return <p>Updating… {Math.round((100 * rebuild.done) / rebuild.total)}%</p>;
 */
export function useProjectionStatus<View>(
  projection: Projection<View>,
): Omit<ProjectionSnapshot<View>, "view"> {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const off = projection.subscribe(onChange);
      void projection.start();
      return off;
    },
    [projection],
  );
  return useSyncExternalStore(subscribe, projection.getSnapshot, () => serverStatus);
}
