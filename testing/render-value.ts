/**
 * One line per value, the same for equal values whatever their key order: the kit compares events
 * by these lines and prints them in failure messages, so what is compared is what you read.
 * Date, BigInt, Map and Set show as themselves (events carry them); keys holding `undefined` are
 * left out, as JSON drops them when the event is stored.
 *
 * @example
 * renderValue({ b: 1, a: new Date(0) }) // '{a: Date(1970-01-01T00:00:00.000Z), b: 1}'
 */
export function renderValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "bigint":
      return `${value}n`;
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "boolean":
    case "undefined":
      return String(value);
    case "function":
      return `[Function ${value.name || "anonymous"}]`;
    case "symbol":
      return value.toString();
  }
  if (value === null) return "null";
  if (value instanceof Date) {
    return `Date(${Number.isNaN(value.getTime()) ? "Invalid" : value.toISOString()})`;
  }
  if (value instanceof Map) {
    const entries = Array.from(value, ([k, v]) => `${renderValue(k)} => ${renderValue(v)}`);
    return `Map{${entries.join(", ")}}`;
  }
  if (value instanceof Set) return `Set[${Array.from(value, renderValue).join(", ")}]`;
  if (Array.isArray(value)) return `[${value.map(renderValue).join(", ")}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${renderKey(key)}: ${renderValue(record[key])}`).join(", ")}}`;
}

const renderKey = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key));

/**
 * Where two values differ, one line per differing leaf: `path: expected X, got Y`. Objects and
 * arrays are walked; anything else is compared by its rendered line.
 */
export function valueDifferences(expected: unknown, actual: unknown, path = ""): string[] {
  if (renderValue(expected) === renderValue(actual)) return [];
  if (
    isWalkable(expected) &&
    isWalkable(actual) &&
    Array.isArray(expected) === Array.isArray(actual)
  ) {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])];
    return keys.flatMap((key) =>
      valueDifferences(e[key], a[key], path === "" ? key : `${path}.${key}`),
    );
  }
  const where = path === "" ? "value" : path;
  if (expected === undefined) return [`${where}: not expected, got ${renderValue(actual)}`];
  if (actual === undefined) return [`${where}: expected ${renderValue(expected)}, missing`];
  return [`${where}: expected ${renderValue(expected)}, got ${renderValue(actual)}`];
}

function isWalkable(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
