import { ConfigurationError } from "./errors.js";
import { assertStorableId } from "./value-contract.js";

/**
 * Stream names follow MessageDB: `category-id`. The category is everything before the first `-`,
 * so a category may not contain one (nor `:`, `+` or whitespace: see `assertCategory`). Snapshots
 * live in `category:snapshot-id`.
 *
 * @example
 * streamName("user", "42")          // "user-42"
 * snapshotStreamName("user", "42")  // "user:snapshot-42"
 * categoryOf("user:snapshot-42")    // "user:snapshot"
 */
export function streamName(category: string, id: string): string {
  const name = `${category}-${id}`;
  assertStorableId(id, name);
  return name;
}

/**
 * The stream holding an aggregate's snapshots: `category:snapshot-id`.
 *
 * @example
 * snapshotStreamName("user", "42") // "user:snapshot-42"
 */
export function snapshotStreamName(category: string, id: string): string {
  const name = `${category}:snapshot-${id}`;
  assertStorableId(id, name);
  return name;
}

/**
 * The category of a stream: everything before the first `-` (the whole name when there is none).
 *
 * @example
 * categoryOf("user-42") // "user"
 */
export function categoryOf(stream: string): string {
  const dash = stream.indexOf("-");
  return dash === -1 ? stream : stream.slice(0, dash);
}

/**
 * The id part of a stream name: everything after the first `-`, or undefined for a category.
 *
 * @example
 * idOf("user-42-a") // "42-a"
 */
export function idOf(stream: string): string | undefined {
  const dash = stream.indexOf("-");
  return dash === -1 ? undefined : stream.slice(dash + 1);
}

/** True when `name` is a category (holds no `-`), as MessageDB's `is_category`. */
export function isCategory(name: string): boolean {
  return !name.includes("-");
}

/** `OrderLine` -> `orderLine`: the default category of an aggregate. */
export function defaultCategory(aggregateName: string): string {
  return aggregateName.charAt(0).toLowerCase() + aggregateName.slice(1);
}

/**
 * Characters MessageDB conventions give a meaning in stream names: `-` ends the category, `:`
 * adds a type (`user:snapshot`), `+` joins compound ids and consumer position streams; whitespace
 * and control characters have no place in a name.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const RESERVED_IN_CATEGORY = /[-:+\s\u0000-\u001f\u007f]/g;

export function assertCategory(category: string, owner: string): void {
  if (category.length === 0 || RESERVED_IN_CATEGORY.test(category)) {
    RESERVED_IN_CATEGORY.lastIndex = 0;
    throw new ConfigurationError(
      `Stream category "${category}" of ${owner} is invalid: a category must be non-empty and may not contain "-", ":", "+" or whitespace (MessageDB splits stream names at the first "-", and "category:snapshot" streams hold snapshots). Pass { streamCategory: "${category.replace(RESERVED_IN_CATEGORY, "") || "name"}" }.`,
    );
  }
}
