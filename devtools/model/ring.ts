/** A bounded log: keeps the last `capacity` entries and counts what it dropped. */
export interface Ring<T> {
  readonly items: readonly T[];
  readonly dropped: number;
}

export const emptyRing = <T>(): Ring<T> => ({ items: [], dropped: 0 });

/** A new ring with `entry` appended (oldest entries dropped past `capacity`). */
export function pushRing<T>(ring: Ring<T>, entry: T, capacity: number): Ring<T> {
  return pushRingAll(ring, [entry], capacity);
}

/** A new ring with `entries` appended in order (oldest entries dropped past `capacity`). */
export function pushRingAll<T>(ring: Ring<T>, entries: readonly T[], capacity: number): Ring<T> {
  const items = ring.items.concat(entries);
  const over = items.length - capacity;
  return over > 0
    ? { items: items.slice(over), dropped: ring.dropped + over }
    : { items, dropped: ring.dropped };
}
