/**
 * Base class of every error Strata throws, so callers can catch Strata's errors apart from their own.
 *
 * @example
 * try { await users.get(id) } catch (e) { if (e instanceof StrataError) console.log(e.code) }
 */
export class StrataError extends Error {
  readonly code: string = "STRATA_ERROR";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem found by a schema, with the dotted path of the field it concerns ("" for the root). */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Data given to `create`, an event factory or a snapshot decoder did not match its schema.
 * Nothing was recorded.
 *
 * @example
 * try { Registered({ email: "nope" }) } catch (e) { if (e instanceof ValidationError) e.issues[0]?.path } // "email"
 */
export class ValidationError extends StrataError {
  override readonly code = "VALIDATION_ERROR";
  constructor(
    /** What was validated, e.g. `event Registered` or `aggregate User`. */
    readonly subject: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(
      `Invalid ${subject}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}`,
    );
  }
}

/**
 * A write expected a stream at one version and found it at another. Nothing of the write was stored.
 * The message matches MessageDB's own: `Wrong expected version: 0 (Stream: user-1, Stream Version: 1)`.
 *
 * @example
 * try { await users.add(stale) } catch (e) { if (e instanceof ExpectedVersionError) e.actualVersion }
 */
export class ExpectedVersionError extends StrataError {
  override readonly code = "EXPECTED_VERSION";
  constructor(
    readonly streamName: string,
    readonly expectedVersion: number,
    /** The stream's version when the write was refused (-1 for a stream with no messages). */
    readonly actualVersion: number,
    options?: { cause?: unknown },
  ) {
    super(
      `Wrong expected version: ${expectedVersion} (Stream: ${streamName}, Stream Version: ${actualVersion})`,
      options,
    );
  }
}

/**
 * No aggregate with that id exists in the store.
 *
 * @example
 * await users.get("missing") // throws ObjectNotFoundError: User with id "missing" was not found
 */
export class ObjectNotFoundError extends StrataError {
  override readonly code: string = "OBJECT_NOT_FOUND";
  constructor(
    readonly aggregateName: string,
    readonly id: string,
    message = `${aggregateName} with id "${id}" was not found (stream has no events)`,
  ) {
    super(message);
  }
}

/** A temporal read asked for a version the aggregate has not reached. */
export class VersionNotFoundError extends ObjectNotFoundError {
  override readonly code = "VERSION_NOT_FOUND";
  constructor(
    aggregateName: string,
    id: string,
    readonly requestedVersion: number,
    readonly latestVersion: number,
  ) {
    super(
      aggregateName,
      id,
      `${aggregateName} "${id}" has no version ${requestedVersion}: its latest version is ${latestVersion}`,
    );
  }
}

/** A definition or configuration is wrong; the message says how to fix it. */
export class ConfigurationError extends StrataError {
  override readonly code = "CONFIGURATION_ERROR";
}

/** An API was called in a way it does not support (raise on a read-only aggregate, no apply handler…). */
export class UsageError extends StrataError {
  override readonly code = "USAGE_ERROR";
}

/**
 * The store could not be reached or failed for a reason other than a version conflict
 * (lost connection, bad credentials, quota exceeded, closed database). `retryable` says whether
 * trying again can help.
 */
export class StoreError extends StrataError {
  override readonly code = "STORE_ERROR";
  /**
   * True when the same call may succeed if made again (connection lost, deadlock, server
   * restarting); false when a retry cannot fix it (data the database refuses, a closed store).
   */
  readonly retryable: boolean;
  constructor(message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, options);
    this.retryable = options?.retryable ?? false;
  }
}
