/**
 * The stable `code` of every Strata error. Codes never change between releases; match on them (or
 * use the `isXError` guards) rather than on messages or `instanceof`, which fails when an app ends
 * up with two copies of the package.
 */
export const ErrorCode = {
  strata: "STRATA_ERROR",
  validation: "VALIDATION_ERROR",
  expectedVersion: "EXPECTED_VERSION",
  objectNotFound: "OBJECT_NOT_FOUND",
  versionNotFound: "VERSION_NOT_FOUND",
  configuration: "CONFIGURATION_ERROR",
  usage: "USAGE_ERROR",
  store: "STORE_ERROR",
  projectionHandler: "PROJECTION_HANDLER_ERROR",
} as const;

/** One of the values of {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Marks Strata's errors across copies of the package (a registered symbol is the same in every copy). */
const STRATA_ERROR = Symbol.for("strata-es.error");

/**
 * Base class of every error Strata throws, so callers can catch Strata's errors apart from their own.
 *
 * @example
 * try { await users.get(id) } catch (e) { if (isStrataError(e)) console.log(e.code) }
 */
export class StrataError extends Error {
  readonly code: ErrorCode = ErrorCode.strata;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  static {
    Object.defineProperty(StrataError.prototype, STRATA_ERROR, { value: true });
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
 * try { Registered({ email: "nope" }) } catch (e) { if (isValidationError(e)) e.issues[0]?.path } // "email"
 */
export class ValidationError extends StrataError {
  override readonly code = ErrorCode.validation;
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
 * try { await users.add(stale) } catch (e) { if (isExpectedVersionError(e)) e.actualVersion }
 */
export class ExpectedVersionError extends StrataError {
  override readonly code = ErrorCode.expectedVersion;
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
  override readonly code: ErrorCode = ErrorCode.objectNotFound;
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
  override readonly code = ErrorCode.versionNotFound;
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

/**
 * A definition or configuration is wrong; the message says how to fix it.
 *
 * @example
 * new MessageDBEventStore({ databaseUri: process.env.DATABSE_URL }) // ConfigurationError: databaseUri is undefined...
 */
export class ConfigurationError extends StrataError {
  override readonly code = ErrorCode.configuration;
}

/**
 * An API was called in a way it does not support (raise on a read-only aggregate, no apply handler,
 * a new aggregate added without events, a unit's repository used after the unit ended…).
 *
 * @example
 * await users.add(User.create({ email })) // UsageError: ... a new aggregate needs at least one event
 */
export class UsageError extends StrataError {
  override readonly code = ErrorCode.usage;
}

/**
 * The store could not be reached or failed for a reason other than a version conflict
 * (lost connection, bad credentials, quota exceeded, closed database). Nothing of a failed write
 * is stored; `retryable` says whether trying again can help.
 *
 * @example
 * catch (e) { if (isStoreError(e) && e.retryable) retryLater() }
 */
export class StoreError extends StrataError {
  override readonly code = ErrorCode.store;
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

/**
 * True for any error Strata threw, from this copy of the package or another one.
 *
 * @example
 * catch (e) { if (isStrataError(e)) log(e.code) }
 */
export function isStrataError(error: unknown): error is StrataError {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as Record<symbol, unknown>)[STRATA_ERROR] === true
  );
}

function hasCode<E extends StrataError>(error: unknown, code: ErrorCode): error is E {
  return isStrataError(error) && error.code === code;
}

/**
 * True for a version conflict (`code` "EXPECTED_VERSION"): reload and retry.
 *
 * @example
 * catch (e) { if (isExpectedVersionError(e)) return retry() }
 */
export const isExpectedVersionError = (error: unknown): error is ExpectedVersionError =>
  hasCode(error, ErrorCode.expectedVersion);

/** True for bad input refused by a schema (`code` "VALIDATION_ERROR"); `issues` name the fields. */
export const isValidationError = (error: unknown): error is ValidationError =>
  hasCode(error, ErrorCode.validation);

/** True when `get` found no aggregate, or not the version asked for (`VersionNotFoundError` too). */
export const isObjectNotFoundError = (error: unknown): error is ObjectNotFoundError =>
  hasCode(error, ErrorCode.objectNotFound) || hasCode(error, ErrorCode.versionNotFound);

/** True when `get` asked for a version past the aggregate's latest (`code` "VERSION_NOT_FOUND"). */
export const isVersionNotFoundError = (error: unknown): error is VersionNotFoundError =>
  hasCode(error, ErrorCode.versionNotFound);

/** True for a definition or configuration Strata refuses (`code` "CONFIGURATION_ERROR"). */
export const isConfigurationError = (error: unknown): error is ConfigurationError =>
  hasCode(error, ErrorCode.configuration);

/** True for an API call Strata refuses (`code` "USAGE_ERROR"). */
export const isUsageError = (error: unknown): error is UsageError =>
  hasCode(error, ErrorCode.usage);

/** True when the store itself failed (`code` "STORE_ERROR"), never for a version conflict. */
export const isStoreError = (error: unknown): error is StoreError =>
  hasCode(error, ErrorCode.store);
