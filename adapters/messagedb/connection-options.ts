import type { PgPool } from "./pg-client.js";
import type { PGliteLike } from "./pglite-client.js";

/**
 * Where the MessageDB lives. Give at most one of `databaseUri`, `pool`, `pglite`, `dataDir`;
 * with none, the store runs an embedded PGlite in memory.
 */
export interface ConnectionOptions {
  /** A Postgres URL (`postgresql://user@host:5432/db`): the store opens and owns a `pg` Pool. */
  databaseUri?: string | undefined;
  /** A `pg` Pool you own (the store never ends it). */
  pool?: PgPool | undefined;
  /** A PGlite instance you own (the store never closes it). */
  pglite?: PGliteLike | undefined;
  /** A directory for an embedded PGlite that persists (created if missing). */
  dataDir?: string | undefined;
  /**
   * In-memory PGlite only: where a ready database (PGlite right after the MessageDB install) is
   * cached, so later stores load it instead of running initdb and the install again. Default:
   * `STRATA_PGLITE_CACHE_DIR`, else a folder in the OS temp directory; `false` turns it off.
   */
  pgliteCache?: string | false | undefined;
}
