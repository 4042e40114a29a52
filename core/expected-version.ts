/**
 * The version a write expects of a stream that does not exist yet (no messages): MessageDB's -1.
 * A new aggregate's first `add` expects it.
 *
 * @example
 * await store.append([{ streamName: "user-1", messages, expectedVersion: NO_STREAM }]);
 */
export const NO_STREAM = -1 as const;

/**
 * An expected version that accepts the stream at any version: no concurrency check.
 *
 * @example
 * await store.append([{ streamName: "audit-1", messages, expectedVersion: ANY_VERSION }]);
 */
export const ANY_VERSION = null;

/** What a write may expect of a stream: a position (`NO_STREAM` for none yet) or `ANY_VERSION`. */
export type ExpectedVersion = number | typeof ANY_VERSION;
