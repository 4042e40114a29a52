import {
  Fragment,
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
} from "react";

export const ROW_HEIGHT = 22;

interface Props {
  readonly count: number;
  readonly label: string;
  readonly idPrefix: string;
  /** Index of the active row, or -1. */
  readonly active: number;
  readonly onActive: (index: number) => void;
  readonly onOpen?: (index: number) => void;
  /** Rows that keyboard navigation passes over (commit headers). */
  readonly skippable?: (index: number) => boolean;
  /** The row at `index` (no key: the list keys rows by the slot they fill). */
  readonly row: (index: number, style: { transform: string; height: number }) => ReactNode;
  /** Keep the last row in view as rows arrive, while the user has not scrolled up. */
  readonly follow?: boolean;
}

const OVERSCAN = 10;

type DataAttributes = { readonly [key: `data-${string}`]: string | number };

/**
 * A row of a `VirtualList`: an option at its slot's offset (the `transform` the list hands the row
 * callback); Enter opens it, a click chooses it. `id` must be the list's `idPrefix` and the index.
 *
 * @example
 * <ListRow id={`sd-feed-${index}`} transform={transform} selected={index === active}
 *   onOpen={() => open(index)} onChoose={() => choose(index)} data-stream={m.streamName}>…</ListRow>
 */
export function ListRow({
  id,
  transform,
  selected,
  onOpen,
  onChoose,
  children,
  ...data
}: {
  readonly id: string;
  readonly transform: string;
  readonly selected: boolean;
  readonly onOpen: () => void;
  readonly onChoose: () => void;
  readonly children: ReactNode;
} & DataAttributes) {
  return (
    <div
      id={id}
      className="sd-row"
      style={{ transform, height: ROW_HEIGHT }}
      role="option"
      tabIndex={-1}
      aria-selected={selected}
      {...data}
      onKeyDown={(e) => e.key === "Enter" && onOpen()}
      onClick={onChoose}
    >
      {children}
    </div>
  );
}

/**
 * A listbox that renders only the rows in view, with arrow-key navigation. Rows have one fixed
 * height, so the window is two divisions of the scroll offset: no per-row measurement, nothing in
 * the render that grows with the row count (a 10,000-row list costs what a 30-row one does).
 */
export function VirtualList({
  count,
  label,
  idPrefix,
  active,
  onActive,
  onOpen,
  skippable,
  row,
  follow,
}: Props) {
  const parent = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const measure = useCallback(() => {
    const el = parent.current;
    if (!el) return;
    setView((v) =>
      v.top === el.scrollTop && v.height === el.clientHeight
        ? v
        : { top: el.scrollTop, height: el.clientHeight },
    );
  }, []);
  const scrollToIndex = useCallback((index: number, align: "end" | "auto") => {
    const el = parent.current;
    if (!el) return;
    const top = index * ROW_HEIGHT;
    if (align === "end" || top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    else if (top < el.scrollTop) el.scrollTop = top;
  }, []);
  useLayoutEffect(() => {
    measure();
    const el = parent.current;
    if (!el || typeof ResizeObserver !== "function") return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure]);
  const atEnd = useRef(true);
  // Following the end, the window is computed from the count, and the scroll this causes is not
  // measured again: a live update renders the list once, not once more for its own scroll event.
  const following = follow === true && atEnd.current;
  const followedTo = useRef(-1);
  useLayoutEffect(() => {
    if (!follow || !atEnd.current || count === 0) return;
    scrollToIndex(count - 1, "end");
    followedTo.current = parent.current?.scrollTop ?? -1;
  }, [count, follow, scrollToIndex]);
  useLayoutEffect(() => {
    if (active >= 0) scrollToIndex(active, "auto");
  }, [active, scrollToIndex]);

  const move = (from: number, step: number) => {
    let next = from + step;
    while (next >= 0 && next < count && skippable?.(next)) next += step;
    if (next >= 0 && next < count) onActive(next);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const target: Record<string, number> = {
      ArrowDown: active,
      ArrowUp: active < 0 ? count : active,
      Home: -1,
      End: count,
      PageDown: Math.min(active + 19, count - 2),
      PageUp: Math.max(active - 19, 1),
    };
    const from = target[event.key];
    if (from !== undefined) {
      event.preventDefault();
      move(from, event.key === "ArrowUp" || event.key === "End" || event.key === "PageUp" ? -1 : 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      onOpen?.(active);
    }
  };
  const top = following ? Math.max(0, count * ROW_HEIGHT - view.height) : view.top;
  // Following the end, nothing scrolls until the user does (then the window is measured again):
  // rows above the view would be rendered on every live update for nothing.
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - (following ? 1 : OVERSCAN));
  const last = Math.min(count - 1, Math.ceil((top + view.height) / ROW_HEIGHT) + OVERSCAN);
  // Rows are keyed by slot, not by item: the row leaving the window hands its DOM nodes to the
  // row entering it (React updates their text and attributes instead of unmounting and building
  // new ones), on every scroll step and on every keystroke of a filter.
  const slots = Math.ceil(view.height / ROW_HEIGHT) + 2 * OVERSCAN + 3;
  const rows: ReactNode[] = [];
  for (let index = first; index <= last; index++)
    rows.push(
      <Fragment key={index % slots}>
        {row(index, { transform: `translateY(${index * ROW_HEIGHT}px)`, height: ROW_HEIGHT })}
      </Fragment>,
    );
  return (
    <div
      ref={parent}
      className="sd-list"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={
        active >= first && active <= last ? `${idPrefix}-${active}` : undefined
      }
      onKeyDown={onKeyDown}
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 2;
        if (atEnd.current && follow && el.scrollTop === followedTo.current) return;
        measure();
      }}
    >
      <div style={{ height: count * ROW_HEIGHT, position: "relative" }}>{rows}</div>
    </div>
  );
}
