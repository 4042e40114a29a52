import type { StandardSchemaV1 } from "@standard-schema/spec";
import { UsageError, ValidationError, type ValidationIssue } from "./errors.js";

/** Any Standard Schema (zod, valibot, arktype…) whose output is an object. */
export type ObjectSchema = StandardSchemaV1<Record<string, unknown>, Record<string, unknown>>;

export type SchemaInput<S extends StandardSchemaV1> = StandardSchemaV1.InferInput<S>;
export type SchemaOutput<S extends StandardSchemaV1> = StandardSchemaV1.InferOutput<S>;

function pathOf(issue: StandardSchemaV1.Issue): string {
  if (!issue.path) return "";
  return issue.path
    .map((segment) => String(typeof segment === "object" ? segment.key : segment))
    .join(".");
}

function toValidationError(subject: string, result: StandardSchemaV1.FailureResult) {
  const issues: ValidationIssue[] = result.issues.map((i) => ({
    path: pathOf(i),
    message: i.message,
  }));
  return new ValidationError(subject, issues);
}

/**
 * Validates synchronously: events and `create` run inside synchronous domain methods, so an
 * asynchronous schema (async refinements) is refused with a clear error.
 */
export function validateSync<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
  subject: string,
): SchemaOutput<S> {
  const result = schema["~standard"].validate(value);
  if (result instanceof Promise) {
    throw new UsageError(
      `The schema of ${subject} validates asynchronously; Strata needs synchronous schemas for events and aggregates (remove async refinements).`,
    );
  }
  if (result.issues) throw toValidationError(subject, result);
  return result.value as SchemaOutput<S>;
}

/** Validates, returning the error instead of throwing: decoding a stale snapshot is not exceptional. */
export async function tryValidate<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
  subject: string,
): Promise<{ ok: true; value: SchemaOutput<S> } | { ok: false; error: ValidationError }> {
  const result = await schema["~standard"].validate(value);
  if (result.issues) return { ok: false, error: toValidationError(subject, result) };
  return { ok: true, value: result.value as SchemaOutput<S> };
}

export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  return (
    typeof value === "object" &&
    value !== null &&
    "~standard" in value &&
    typeof (value as StandardSchemaV1)["~standard"]?.validate === "function"
  );
}
