import { ValidationError, type ValidationIssue } from "./errors.js";

/**
 * What Strata stores, the same on every store: JSON values, plus Date, BigInt, Map and Set.
 * Refused (ValidationError naming the path, before anything is written): strings and keys with
 * a NUL character or a lone surrogate (Postgres cannot store them; other stores would alias or
 * lose them), numbers that are not finite, functions, symbols, `undefined` in arrays, invalid
 * Dates, typed arrays and other class instances, cyclic values, nesting deeper than
 * `MAX_DEPTH`, and own `__proto__` keys (JSON readers drop or mangle them). `undefined` as an
 * object property is an absent property, as in JSON.
 */
export const MAX_DEPTH = 100;

/** Stream names longer than this (UTF-8 bytes) do not fit Postgres' btree index entry (~2,700). */
export const MAX_STREAM_NAME_BYTES = 2000;

const NUL = "\u0000";

/** True when every surrogate in `value` is half of a pair (ES2024's `isWellFormed`, where present). */
function isWellFormed(value: string): boolean {
  const native = (value as { isWellFormed?: () => boolean }).isWellFormed;
  if (native) return native.call(value);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = value.charCodeAt(i + 1);
    if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}

/** Why a string cannot be stored, or undefined when it can. */
export function stringProblem(value: string): string | undefined {
  if (value.includes(NUL)) return "contains a NUL character (\\u0000), which Postgres cannot store";
  if (!isWellFormed(value)) {
    return "contains a lone UTF-16 surrogate (not valid Unicode), which Postgres cannot store";
  }
  return undefined;
}

const display = (path: readonly string[]) => path.join(".");

function problemOf(value: unknown, path: string[], ancestors: object[]): ValidationIssue | null {
  const at = (message: string): ValidationIssue => ({ path: display(path), message });
  switch (typeof value) {
    case "string": {
      const problem = stringProblem(value);
      return problem ? at(`the string ${problem}`) : null;
    }
    case "number":
      return Number.isFinite(value)
        ? null
        : at(`${value} is not a finite number; JSON has no ${value}`);
    case "boolean":
    case "bigint":
      return null;
    case "undefined":
      return at("undefined cannot be stored here (JSON would turn it into null)");
    case "function":
      return at("a function cannot be stored");
    case "symbol":
      return at("a symbol cannot be stored");
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.includes(object)) return at("the value contains itself (a cycle)");
  if (ancestors.length >= MAX_DEPTH) return at(`nesting deeper than ${MAX_DEPTH} levels`);
  if (object instanceof Date) {
    return Number.isNaN(object.getTime()) ? at("an invalid Date cannot be stored") : null;
  }
  ancestors.push(object);
  try {
    if (object instanceof Map) {
      let i = 0;
      for (const [k, v] of object) {
        const issue =
          problemOf(k, [...path, String(i), "key"], ancestors) ??
          problemOf(v, [...path, String(i), "value"], ancestors);
        if (issue) return issue;
        i++;
      }
      return null;
    }
    if (object instanceof Set) {
      let i = 0;
      for (const v of object) {
        const issue = problemOf(v, [...path, String(i++)], ancestors);
        if (issue) return issue;
      }
      return null;
    }
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) {
        const issue = problemOf(object[i], [...path, String(i)], ancestors);
        if (issue) return issue;
      }
      return null;
    }
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      const name = (proto as { constructor?: { name?: string } })?.constructor?.name ?? "object";
      return at(
        `a ${name} cannot be stored (only plain objects, arrays, Date, BigInt, Map and Set are)`,
      );
    }
    if (Object.getOwnPropertySymbols(object).length > 0) return at("symbol keys cannot be stored");
    for (const key of Object.keys(object)) {
      if (key === "__proto__") {
        return at("an own __proto__ key cannot be stored (JSON readers drop or misread it)");
      }
      const keyProblem = stringProblem(key);
      if (keyProblem) return at(`the key ${JSON.stringify(key)} ${keyProblem}`);
      const child = (object as Record<string, unknown>)[key];
      // An undefined property is an absent one, as JSON.stringify and every store read it.
      if (child === undefined) continue;
      const issue = problemOf(child, [...path, key], ancestors);
      if (issue) return issue;
    }
    return null;
  } finally {
    ancestors.pop();
  }
}

/**
 * Throws ValidationError (subject, path) when `value` holds something Strata does not store.
 *
 * @example
 * assertStorable({ n: Number.NaN }, "event Counted") // ValidationError: Invalid event Counted: n: NaN is not a finite number…
 */
export function assertStorable(value: unknown, subject: string): void {
  const issue = problemOf(value, [], []);
  if (issue) throw new ValidationError(subject, [issue]);
}

const encoder = new TextEncoder();

/** Throws ValidationError when an aggregate id cannot be part of a stream name on every store. */
export function assertStorableId(id: string, stream: string): void {
  if (typeof id !== "string" || id.length === 0) {
    throw new ValidationError(`stream ${stream}`, [
      { path: "id", message: "must be a non-empty string" },
    ]);
  }
  const problem = stringProblem(id);
  if (problem)
    throw new ValidationError(`stream ${JSON.stringify(stream)}`, [
      { path: "id", message: `the id ${problem}` },
    ]);
  // A character is at most 3 UTF-8 bytes per UTF-16 unit: most ids skip the encoding.
  if (stream.length * 3 > MAX_STREAM_NAME_BYTES) {
    const bytes = encoder.encode(stream).length;
    if (bytes > MAX_STREAM_NAME_BYTES) {
      throw new ValidationError(`stream ${stream.slice(0, 40)}…`, [
        {
          path: "id",
          message: `the stream name is ${bytes} bytes in UTF-8; at most ${MAX_STREAM_NAME_BYTES} fit Postgres' index`,
        },
      ]);
    }
  }
}
