import { useCallback, useRef, useState } from "react";

/**
 * The active row of a list and callbacks for its memoized rows: `open` and `choose` (make active,
 * then open) keep one identity across renders and read the latest `items` through a ref, so a live
 * update does not render every row again for new callbacks.
 *
 * @example
 * const { active, setActive, open, choose } = useRowActions(streams, (s) => show(s.streamName));
 */
export function useRowActions<T>(items: readonly T[], openItem: (item: T) => void) {
  const [active, setActive] = useState(-1);
  const latest = useRef({ items, openItem });
  latest.current = { items, openItem };
  const open = useCallback((index: number) => {
    const item = latest.current.items[index];
    if (item !== undefined) latest.current.openItem(item);
  }, []);
  const choose = useCallback(
    (index: number) => {
      setActive(index);
      open(index);
    },
    [open],
  );
  return { active, setActive, open, choose };
}
