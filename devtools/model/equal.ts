/** Deep equality that treats Date, BigInt, Map and Set as values, ignores key order and treats a key holding undefined as absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
    const right = [...b];
    return [...a].every(([k, v], i) => deepEqual(k, right[i]?.[0]) && deepEqual(v, right[i]?.[1]));
  }
  if (a instanceof Set || b instanceof Set) {
    if (!(a instanceof Set && b instanceof Set) || a.size !== b.size) return false;
    const right = [...b];
    return [...a].every((v, i) => deepEqual(v, right[i]));
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) if (!deepEqual(ra[key], rb[key])) return false;
  return true;
}

/** One difference between two states, at a path of keys. */
export interface Change {
  readonly path: readonly string[];
  readonly kind: "added" | "removed" | "changed";
  readonly before: unknown;
  readonly after: unknown;
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
  v !== null &&
  typeof v === "object" &&
  !(v instanceof Date || v instanceof Map || v instanceof Set);

/** What changed from `before` to `after`, descending into plain objects and arrays. */
export function diff(before: unknown, after: unknown, path: string[] = []): Change[] {
  if (deepEqual(before, after)) return [];
  if (isPlain(before) && isPlain(after) && Array.isArray(before) === Array.isArray(after)) {
    const changes: Change[] = [];
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) {
      const b = before[key];
      const a = after[key];
      if (b === undefined && a !== undefined)
        changes.push({ path: [...path, key], kind: "added", before: b, after: a });
      else if (a === undefined && b !== undefined)
        changes.push({ path: [...path, key], kind: "removed", before: b, after: a });
      else changes.push(...diff(b, a, [...path, key]));
    }
    return changes;
  }
  return [{ path, kind: "changed", before, after }];
}
