import {
  ExpectedVersionError,
  StoreError,
  StrataError,
  type StreamAppend,
  UsageError,
} from "../../core/store-kit.js";

interface DriverError {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
  constraint?: unknown;
  errors?: unknown;
}

const WRONG_VERSION =
  /^Wrong expected version: (-?\d+) \(Stream: (.*), Stream Version: (-?\d+)\)$/s;
const DUPLICATE_POSITION = /^Key \(stream_name, "?position"?\)=\((.*), (\d+)\) already exists\.?$/s;
const CALLER_MISTAKES =
  /^(Must be a category|Must be a stream name|Correlation must be|Consumer group)/;

/** What the store knows when it translates an error: which database, and for appends what was asked. */
export interface ErrorContext {
  readonly label: string;
  /** How to install the schema for this database, for the "not installed" message. */
  readonly installHint: string;
  readonly appends?: readonly StreamAppend[];
}

function messageOf(error: DriverError): string {
  if (typeof error.message === "string" && error.message.length > 0) return error.message;
  // Node's AggregateError (every address refused) carries the reasons in `errors`.
  if (Array.isArray(error.errors)) {
    return error.errors.map((e) => messageOf((e ?? {}) as DriverError)).join("; ");
  }
  return String(error.code ?? "unknown error");
}

/** A conflict the database reported, with stream, expected and actual version; null if it is not one. */
function versionConflict(
  error: unknown,
  appends: readonly StreamAppend[] = [],
): ExpectedVersionError | null {
  const e = (error ?? {}) as DriverError;
  const message = typeof e.message === "string" ? e.message : "";
  if (e.code === "P0001") {
    const match = WRONG_VERSION.exec(message);
    if (!match) return null;
    const [, expected, stream, actual] = match;
    return new ExpectedVersionError(stream as string, Number(expected), Number(actual), {
      cause: error,
    });
  }
  // Under REPEATABLE READ a loser sees the winner's row only at insert time.
  if (e.code === "23505" && e.constraint === "messages_stream") {
    const match = DUPLICATE_POSITION.exec(typeof e.detail === "string" ? e.detail : "");
    if (!match) return null;
    const [, stream, position] = match;
    const requested = appends.find((a) => a.streamName === stream)?.expectedVersion;
    const actual = Number(position);
    return new ExpectedVersionError(stream as string, requested ?? actual - 1, actual, {
      cause: error,
    });
  }
  return null;
}

/**
 * SQLSTATEs a retry can get past: serialization failure, deadlock, lock not available, a
 * cancelled statement, and the server short of resources (class 53). Everything else a retry
 * repeats (22P05 untranslatable character, 54000 index row too large, 22021 bad encoding…).
 */
function isTransient(code: string): boolean {
  return (
    code === "40001" ||
    code === "40P01" ||
    code === "55P03" ||
    code === "57014" ||
    code.startsWith("53")
  );
}

/**
 * Turns a driver error into core's errors: a version conflict into `ExpectedVersionError`, a
 * caller's mistake into `UsageError`, everything else into `StoreError` naming the database, so
 * a lost connection is never mistaken for a conflict.
 */
export function translateError(error: unknown, context: ErrorContext): StrataError {
  if (error instanceof StrataError) return error;
  const conflict = versionConflict(error, context.appends);
  if (conflict) return conflict;
  const e = (error ?? {}) as DriverError;
  const code = typeof e.code === "string" ? e.code : "";
  const message = messageOf(e);
  const where = `MessageDB at ${context.label}`;
  const fail = (text: string, retryable = false) =>
    new StoreError(`${where}: ${text}`, { cause: error, retryable });

  if (code === "P0001" && CALLER_MISTAKES.test(message)) {
    return new UsageError(message, { cause: error });
  }
  if (code === "23505" && e.constraint === "messages_id") {
    return new UsageError(`${message}: a message with this id is already stored.`, {
      cause: error,
    });
  }
  if (code === "3F000" || code === "42883" || code === "42P01") {
    return fail(`the MessageDB schema is not installed (${message}). ${context.installHint}`);
  }
  if (code === "28P01" || code === "28000") return fail(`authentication failed (${message}).`);
  if (code === "3D000") return fail(`${message}.`);
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return fail(`cannot reach the server (${code}: ${message}).`, true);
  }
  if (code.startsWith("08") || code.startsWith("57P") || /^E[A-Z]+$/.test(code) || !code) {
    return fail(`the connection failed (${code ? `${code}: ` : ""}${message}).`, true);
  }
  return fail(`${code}: ${message}`, isTransient(code));
}
