import { StoreError, ValidationError } from "./errors.js";

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

/**
 * Where the encoder is: the keys from the root, pushed and popped as it walks. A path string is
 * built only for a tag or an error, not for every key (that made large views slow to checkpoint).
 */
type Keys = (string | number)[];

const pathOf = (keys: Keys) => keys.map((k) => `/${escapeKey(String(k))}`).join("");

/** Values are checked before they get here (`assertStorable`); this is the last line, never a silent null. */
function refused(keys: Keys, message: string): ValidationError {
  return new ValidationError("data to store", [
    { path: pathOf(keys).slice(1).replaceAll("/", "."), message },
  ]);
}

function inArray(value: unknown, keys: Keys, key: number, tags: TypeTags): JsonValue {
  keys.push(key);
  const encoded = encodeValue(value, keys, tags);
  if (encoded === undefined) throw refused(keys, "undefined cannot be stored in an array");
  keys.pop();
  return encoded;
}

function encodeValue(value: unknown, keys: Keys, tags: TypeTags): JsonValue | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (Number.isFinite(value)) return value;
      throw refused(keys, `${value} is not a finite number`);
    case "bigint":
      tags[pathOf(keys)] = "BigInt";
      return value.toString();
    case "undefined":
      return undefined;
    case "function":
    case "symbol":
      throw refused(keys, `a ${typeof value} cannot be stored`);
  }
  if (value instanceof Date) {
    tags[pathOf(keys)] = "Date";
    return value.toISOString();
  }
  if (value instanceof Map) {
    tags[pathOf(keys)] = "Map";
    const entries: JsonValue[] = [];
    let index = 0;
    for (const [k, v] of value) {
      keys.push(index++);
      entries.push([inArray(k, keys, 0, tags), inArray(v, keys, 1, tags)]);
      keys.pop();
    }
    return entries;
  }
  if (value instanceof Set) {
    tags[pathOf(keys)] = "Set";
    return Array.from(value, (v, i) => inArray(v, keys, i, tags));
  }
  if (Array.isArray(value)) {
    return value.map((v, i) => inArray(v, keys, i, tags));
  }
  const out: JsonObject = {};
  for (const key in value as object) {
    if (!Object.hasOwn(value as object, key)) continue;
    keys.push(key);
    const encoded = encodeValue((value as Record<string, unknown>)[key], keys, tags);
    keys.pop();
    if (encoded !== undefined) out[key] = encoded;
  }
  return out;
}

/** Encodes an object to plain JSON, returning the tags needed to restore it (undefined when none). */
export function encodeJson(value: object): { json: JsonObject; types: TypeTags | undefined } {
  const tags: TypeTags = {};
  const json = encodeValue(value, [], tags) as JsonObject;
  for (const _ in tags) return { json, types: tags };
  return { json, types: undefined };
}

/** Restores one tagged value; a value that does not have the tag's stored form is corrupt data. */
function restore(tag: TypeTag, value: unknown, path: string): unknown {
  const corrupt = () =>
    new StoreError(`Stored data at ${path} is tagged ${tag} but holds ${JSON.stringify(value)}.`);
  switch (tag) {
    case "Date": {
      const date = typeof value === "string" ? new Date(value) : undefined;
      if (!date || Number.isNaN(date.getTime())) throw corrupt();
      return date;
    }
    case "BigInt":
      if (typeof value !== "string" || !/^-?\d+$/.test(value)) throw corrupt();
      return BigInt(value);
    case "Map":
      if (!Array.isArray(value) || !value.every((e) => Array.isArray(e) && e.length === 2)) {
        throw corrupt();
      }
      return new Map(value as [unknown, unknown][]);
    case "Set":
      if (!Array.isArray(value)) throw corrupt();
      return new Set(value);
    default:
      throw corrupt();
  }
}

/** Path segments that would walk out of the data into prototypes. */
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Restores the tagged values of a decoded JSON object, copying only the containers on each
 * tagged path (the input may be frozen and is never changed).
 */
export function reviveJson<T extends object>(json: T, types: TypeTags): T {
  if (types === null || typeof types !== "object" || Array.isArray(types)) {
    throw new StoreError(`Stored type tags are not an object: ${JSON.stringify(types)}.`);
  }
  // Deepest paths first, so a Map's tagged entries are restored before the Map is built.
  const paths = Object.keys(types).sort((a, b) => b.split("/").length - a.split("/").length);
  const root: { value: unknown } = { value: json };
  for (const path of paths) {
    const keys = path.split("/").slice(1).map(unescapeKey);
    if (!path.startsWith("/") || keys.some((k) => UNSAFE_KEYS.has(k))) {
      throw new StoreError(
        `Stored type tags name the path ${JSON.stringify(path)}, which Strata never writes.`,
      );
    }
    let parent: Record<string, unknown> = root as Record<string, unknown>;
    let key = "value";
    let reached = true;
    for (const k of keys) {
      const child = Object.hasOwn(parent, key) ? parent[key] : undefined;
      if (child === null || typeof child !== "object") {
        reached = false;
        break;
      }
      const copy = Array.isArray(child) ? [...child] : { ...(child as object) };
      parent[key] = copy;
      parent = copy as Record<string, unknown>;
      key = k;
    }
    if (reached && Object.hasOwn(parent, key)) {
      parent[key] = restore(types[path] as TypeTag, parent[key], path);
    }
  }
  return root.value as T;
}
