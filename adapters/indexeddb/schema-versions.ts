// Apart from schema.ts so tools that write the same records (strata-es/playwright's seeding) read
// the layout without loading Dexie.

/**
 * Every schema version this store has shipped, oldest first. IndexedDB keeps a database at the
 * version it was last opened with and runs the upgrades in between on the next open, so a shipped
 * entry is never edited: a change is a new entry (with an `upgrade` that rewrites old records
 * when the shape changes). Dexie stores version N as IndexedDB version N * 10.
 *
 * - 1: `messages`: `++globalPosition` (the global position), `&[streamName+position]` (one message
 *   per stream position; stream reads and the expected-version check), `[category+globalPosition]`
 *   (category reads in global order from a global position).
 */
export const SCHEMA_VERSIONS = [
  {
    version: 1,
    stores: {
      messages: "++globalPosition, &[streamName+position], [category+globalPosition]",
    },
  },
] as const satisfies readonly { version: number; stores: Record<string, string> }[];

/** The schema version this build writes; an older database is upgraded to it when opened. */
export const SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]?.version ?? 1;
