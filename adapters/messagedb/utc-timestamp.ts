/** Postgres OID of `timestamp without time zone`, the type of MessageDB's `time` column. */
export const TIMESTAMP_OID = 1114;

/**
 * MessageDB stores `time` as UTC without a zone. Drivers parse such values in the process's
 * time zone by default, which shifts every date by the local offset; this reads them as UTC.
 *
 * @example
 * parseUtcTimestamp("2024-02-29 23:59:58.123456").toISOString() // "2024-02-29T23:59:58.123Z"
 */
export function parseUtcTimestamp(value: string): Date {
  return new Date(`${value.replace(" ", "T")}Z`);
}
