/** Postgres OID of `timestamp without time zone`, the type of MessageDB's `time` column. */
export const TIMESTAMP_OID = 1114;

const PLAIN_TIMESTAMP = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/;

let lastText = "";
let lastMs = 0;

function toEpochMs(value: string): number {
  const m = PLAIN_TIMESTAMP.exec(value);
  if (!m) return new Date(`${value.replace(" ", "T")}Z`).getTime();
  const [, year, month, day, hour, minute, second, fraction = ""] = m;
  return Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    Number(fraction.padEnd(3, "0").slice(0, 3)),
  );
}

/**
 * MessageDB stores `time` as UTC without a zone. Drivers parse such values in the process's
 * time zone by default, which shifts every date by the local offset; this reads them as UTC.
 * Messages written in one transaction share their time, so the last parse is remembered: a
 * page of a stream costs a few parses, not one per row.
 *
 * @example
 * parseUtcTimestamp("2024-02-29 23:59:58.123456").toISOString() // "2024-02-29T23:59:58.123Z"
 */
export function parseUtcTimestamp(value: string): Date {
  if (value !== lastText) {
    lastMs = toEpochMs(value);
    lastText = value;
  }
  return new Date(lastMs);
}
