import type { AnyAggregateClass } from "./aggregate.js";

/** The snapshot metadata key holding the fingerprint of what shaped the state. */
export const FINGERPRINT_METADATA_KEY = "strataFingerprint";

/** 53-bit string hash (cyrb53): stable across runtimes, enough to tell two shapes apart. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

type JsonSchemaOutput = (options: { target: string; libraryOptions?: object }) => unknown;

/**
 * The schema as JSON Schema when its library offers it (Standard JSON Schema; values JSON Schema
 * cannot describe, such as zod's dates, become `{}` rather than an error), plus the field names
 * of object schemas that expose them (zod's `shape`, valibot's `entries`), plus the vendor.
 */
function describeSchema(Class: AnyAggregateClass): string {
  const schema = Class.schema as unknown as { shape?: object; entries?: object };
  const standard = Class.schema["~standard"] as {
    vendor: string;
    jsonSchema?: { output?: JsonSchemaOutput };
  };
  const fields = Object.keys(schema.shape ?? schema.entries ?? {}).sort();
  let json = "";
  for (const options of [
    { target: "draft-2020-12", libraryOptions: { unrepresentable: "any" } },
    { target: "draft-2020-12" },
  ]) {
    try {
      json = JSON.stringify(standard.jsonSchema?.output?.(options) ?? "");
      break;
    } catch {
      // Try without library options; some schemas have no JSON Schema form at all.
    }
  }
  return [standard.vendor, fields.join(","), json].join("\u0002");
}

const memo = new WeakMap<object, { handlers: number; fingerprint: string }>();

/**
 * A fingerprint of what shapes an aggregate's state: its state schema (as JSON Schema where the
 * schema library offers it), the source of its apply handlers, its initial state and identifier.
 * A snapshot taken under another fingerprint would differ from a replay, so loads skip it.
 * Helpers called by the handlers are not part of it: bump `schemaVersion` when they change.
 *
 * @example
 * snapshot.metadata?.strataFingerprint === stateFingerprint(User) // false: the snapshot is skipped
 */
export function stateFingerprint(Class: AnyAggregateClass): string {
  const known = memo.get(Class);
  if (known && known.handlers === Class.handlers.size) return known.fingerprint;
  const handlers = [...Class.handlers]
    .map(([type, handler]) => `${type}:${String(handler)}`)
    .sort();
  let initial: string;
  try {
    initial = JSON.stringify(Class.initialState, (_, v) => (typeof v === "bigint" ? `${v}n` : v));
  } catch {
    initial = "";
  }
  const fingerprint = hash(
    [describeSchema(Class), Class.identifier, initial, ...handlers].join("\u0001"),
  );
  memo.set(Class, { handlers: Class.handlers.size, fingerprint });
  return fingerprint;
}
