/**
 * Turns state and event data into plain JSON that any MessageDB client can read, and back.
 *
 * Values JSON cannot hold (Date, BigInt, Map, Set) are written in a plain form (ISO string, decimal
 * string, entry array, value array) and their paths are listed once in `types`; readers that know
 * the list restore them without re-validating, readers that do not still see ordinary JSON.
 */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };
/** A JSON object: what a message's `data` holds in the store. */
export type JsonObject = { [key: string]: JsonValue };

export type TypeTag = "Date" | "BigInt" | "Map" | "Set";
/** Path (keys joined by "/", with "~" and "/" escaped as in JSON Pointer) -> type to restore. */
export type TypeTags = Record<string, TypeTag>;

const escapeKey = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");
const unescapeKey = (key: string) => key.replaceAll("~1", "/").replaceAll("~0", "~");

function encodeValue(value: unknown, path: string, tags: TypeTags): JsonValue | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "bigint":
      tags[path] = "BigInt";
      return value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value instanceof Date) {
    tags[path] = "Date";
    return value.toISOString();
  }
  if (value instanceof Map) {
    tags[path] = "Map";
    const entries: JsonValue[] = [];
    let index = 0;
    for (const [k, v] of value) {
      const entryPath = `${path}/${index++}`;
      entries.push([
        encodeValue(k, `${entryPath}/0`, tags) ?? null,
        encodeValue(v, `${entryPath}/1`, tags) ?? null,
      ]);
    }
    return entries;
  }
  if (value instanceof Set) {
    tags[path] = "Set";
    return Array.from(value, (v, i) => encodeValue(v, `${path}/${i}`, tags) ?? null);
  }
  if (Array.isArray(value)) {
    return value.map((v, i) => encodeValue(v, `${path}/${i}`, tags) ?? null);
  }
  const out: JsonObject = {};
  for (const key of Object.keys(value as object)) {
    const encoded = encodeValue(
      (value as Record<string, unknown>)[key],
      `${path}/${escapeKey(key)}`,
      tags,
    );
    if (encoded !== undefined) out[key] = encoded;
  }
  return out;
}

/** Encodes an object to plain JSON, returning the tags needed to restore it (undefined when none). */
export function encodeJson(value: object): { json: JsonObject; types: TypeTags | undefined } {
  const tags: TypeTags = {};
  const json = encodeValue(value, "", tags) as JsonObject;
  return { json, types: Object.keys(tags).length > 0 ? tags : undefined };
}

function restore(tag: TypeTag, value: unknown): unknown {
  switch (tag) {
    case "Date":
      return new Date(value as string);
    case "BigInt":
      return BigInt(value as string);
    case "Map":
      return new Map(value as [unknown, unknown][]);
    case "Set":
      return new Set(value as unknown[]);
  }
}

/**
 * Restores the tagged values of a decoded JSON object, copying only the containers on each
 * tagged path (the input may be frozen and is never changed).
 */
export function reviveJson<T extends object>(json: T, types: TypeTags): T {
  // Deepest paths first, so a Map's tagged entries are restored before the Map is built.
  const paths = Object.keys(types).sort((a, b) => b.split("/").length - a.split("/").length);
  const root: { value: unknown } = { value: json };
  for (const path of paths) {
    const keys = path.split("/").slice(1).map(unescapeKey);
    let parent: Record<string, unknown> = root as Record<string, unknown>;
    let key = "value";
    for (const k of keys) {
      const child = parent[key];
      if (child === null || typeof child !== "object") break;
      const copy = Array.isArray(child) ? [...child] : { ...(child as object) };
      parent[key] = copy;
      parent = copy as Record<string, unknown>;
      key = k;
    }
    if (key in parent) parent[key] = restore(types[path] as TypeTag, parent[key]);
  }
  return root.value as T;
}
