import type { StandardJSONSchemaV1 } from "@standard-schema/spec";
import type { ObjectSchema } from "./schema.js";

type JsonSchemaConverter = StandardJSONSchemaV1.Converter;

function jsonSchemaConverter(schema: ObjectSchema): JsonSchemaConverter | undefined {
  const props = schema["~standard"] as Partial<StandardJSONSchemaV1.Props>;
  const converter = props.jsonSchema;
  return typeof converter?.input === "function" ? converter : undefined;
}

/** The per-field `default`s of an object schema, read from its Standard JSON Schema, if it has one. */
function jsonSchemaDefaults(schema: ObjectSchema): Record<string, unknown> {
  const converter = jsonSchemaConverter(schema);
  if (!converter) return {};
  let json: Record<string, unknown>;
  try {
    // Dates and other values JSON Schema cannot describe become `{}` instead of throwing.
    json = converter.input({
      target: "draft-2020-12",
      libraryOptions: { unrepresentable: "any" },
    });
  } catch {
    return {};
  }
  const properties = json.properties;
  if (properties === null || typeof properties !== "object") return {};
  const defaults: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties as Record<string, unknown>)) {
    if (property !== null && typeof property === "object" && "default" in property) {
      defaults[key] = structuredClone((property as { default: unknown }).default);
    }
  }
  return defaults;
}

/**
 * The state a rebuilt aggregate starts from: the schema's output for `{}` when the whole schema
 * accepts it, else each field's own default (zod's `.default(0)`, through Standard JSON Schema),
 * so a rebuild starts where `create()` would have.
 */
export function schemaDefaults(schema: ObjectSchema): Record<string, unknown> {
  const result = schema["~standard"].validate({});
  if (!(result instanceof Promise) && !result.issues) return result.value;
  return jsonSchemaDefaults(schema);
}
