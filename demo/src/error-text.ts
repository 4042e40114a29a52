import { isStrataError, isValidationError } from "strata-es";

/** What the UI says about a failed command: a schema's own words for bad input. */
export function errorText(error: unknown): string {
  if (isValidationError(error)) return error.issues.map((issue) => issue.message).join("; ");
  if (isStrataError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}
