import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, type ReactNode, useEffect, useRef } from "react";

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
  readonly row: (index: number, style: { transform: string; height: number }) => ReactNode;
  /** Keep the last row in view as rows arrive, while the user has not scrolled up. */
  readonly follow?: boolean;
}

/** A listbox that renders only the rows in view (TanStack Virtual), with arrow-key navigation. */
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
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const atEnd = useRef(true);
  useEffect(() => {
    if (follow && atEnd.current && count > 0)
      virtualizer.scrollToIndex(count - 1, { align: "end" });
  }, [count, follow, virtualizer]);
  useEffect(() => {
    if (active >= 0) virtualizer.scrollToIndex(active, { align: "auto" });
  }, [active, virtualizer]);

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
  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={parent}
      className="sd-list"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={
        active >= 0 && items.some((i) => i.index === active) ? `${idPrefix}-${active}` : undefined
      }
      onKeyDown={onKeyDown}
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 2;
      }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {items.map((item) =>
          row(item.index, { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }),
        )}
      </div>
    </div>
  );
}
