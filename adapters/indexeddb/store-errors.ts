import { StoreError, StrataError } from "../../core/index.js";

/** The names an error answers to: its own and those of the errors it wraps (Dexie keeps the DOMException in `inner`). */
function namesOf(error: unknown): Set<string> {
  const names = new Set<string>();
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const { name, inner, cause } = current as { name?: unknown; inner?: unknown; cause?: unknown };
    if (typeof name === "string") names.add(name);
    current = inner ?? cause;
  }
  return names;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Turns what Dexie or IndexedDB threw into a `StoreError` whose message says what happened and
 * what to do, keeping the original as `cause`. Strata's own errors (ExpectedVersionError,
 * UsageError…) pass through unchanged.
 */
export function toStoreError(error: unknown, database: string, operation: string): Error {
  if (error instanceof StrataError) return error;
  const names = namesOf(error);
  const where = `IndexedDB database "${database}"`;
  let message: string;
  if (names.has("QuotaExceededError")) {
    message = `${where} is out of storage quota during ${operation}; nothing of it was stored. Free space, or ask for persistent storage with navigator.storage.persist().`;
  } else if (names.has("VersionError")) {
    message = `${where} was upgraded by a newer version of this app (in another tab?) and this page cannot open it: reload the page. (${messageOf(error)})`;
  } else if (names.has("DatabaseClosedError")) {
    message = `${where} was closed during ${operation} (another tab upgraded or deleted it, or the browser closed it); nothing of it was stored. Retry, or reload the page. (${messageOf(error)})`;
  } else if (names.has("MissingAPIError")) {
    message = `IndexedDB is not available here: in Node, pass { indexedDB, IDBKeyRange } from fake-indexeddb to IndexedDBEventStore. (${messageOf(error)})`;
  } else if (operation === "open" || names.has("OpenFailedError")) {
    message = `Could not open ${where} (private mode, blocked storage or a broken profile?): ${messageOf(error)}`;
  } else {
    message = `${where}: ${operation} failed; nothing of it was stored. ${messageOf(error)}`;
  }
  // Only a database closed under us (another tab's upgrade, the browser) goes away on retry.
  return new StoreError(message, { cause: error, retryable: names.has("DatabaseClosedError") });
}
