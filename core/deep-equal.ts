/**
 * Structural equality of state values: primitives (NaN equals NaN), Date by time, Map and Set by
 * content, arrays and plain objects by their own enumerable keys.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (typeof a === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== "object") return false;
  const x = a as object;
  const y = b as object;
  if (Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false;
  if (x instanceof Date) return x.getTime() === (y as Date).getTime();
  if (x instanceof Map) {
    const other = y as Map<unknown, unknown>;
    if (x.size !== other.size) return false;
    for (const [key, value] of x) {
      if (!other.has(key) || !deepEqual(value, other.get(key))) return false;
    }
    return true;
  }
  if (x instanceof Set) {
    const other = [...(y as Set<unknown>)];
    return x.size === other.length && [...x].every((v) => other.some((w) => deepEqual(v, w)));
  }
  const keysX = Object.keys(x);
  const keysY = Object.keys(y);
  if (keysX.length !== keysY.length) return false;
  for (const key of keysX) {
    if (!Object.hasOwn(y, key)) return false;
    if (!deepEqual((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]))
      return false;
  }
  return true;
}
