import { ConfigurationError, StoreError } from "../../core/index.js";
import type { ConnectionOptions } from "./connection-options.js";
import { PgSqlClient } from "./pg-client.js";
import { PGliteSqlClient } from "./pglite-client.js";
import type { SqlClient } from "./sql-client.js";

/** The functions call each other by unqualified name; sessions we open find them this way too. */
const SEARCH_PATH_OPTION = "-c search_path=message_store,public";

/** `postgresql://ada:secret@db:5432/app` -> `postgresql://ada@db:5432/app`: names the database, never the password. */
export function describeDatabaseUri(uri: string): string {
  try {
    const url = new URL(uri);
    const user = url.username ? `${decodeURIComponent(url.username)}@` : "";
    return `${url.protocol}//${user}${url.hostname}:${url.port || "5432"}${url.pathname}`;
  } catch {
    return "the configured database (unparsable URL)";
  }
}

function isPostgresUri(uri: string): boolean {
  return /^postgres(ql)?:\/\//i.test(uri);
}

const CONNECTION_KEYS = ["databaseUri", "pool", "pglite", "dataDir"] as const;

function chosen(options: ConnectionOptions): string[] {
  return CONNECTION_KEYS.filter((key) => options[key] !== undefined);
}

/**
 * Refuses options that would silently pick another database than the one meant: a key given
 * as undefined or "" (a misspelt environment variable) would otherwise mean embedded PGlite.
 */
function assertNoEmptyKey(options: ConnectionOptions): void {
  for (const key of CONNECTION_KEYS) {
    if (!Object.hasOwn(options, key)) continue;
    const value = options[key];
    if (value !== undefined && value !== "") continue;
    throw new ConfigurationError(
      `MessageDB store: ${key} is ${value === "" ? "empty" : "undefined"}. Give a ${key === "databaseUri" ? "postgresql:// or postgres:// URL" : "value"} (is an environment variable missing or misspelt?), or leave ${key} out entirely to run embedded PGlite in memory.`,
    );
  }
}

/** Refuses option combinations that would silently pick one database over another. */
export function checkConnectionOptions(options: ConnectionOptions): void {
  assertNoEmptyKey(options);
  const given = chosen(options);
  if (given.length > 1) {
    throw new ConfigurationError(
      `MessageDB store: give one of databaseUri, pool, pglite or dataDir, not ${given.join(" and ")}.`,
    );
  }
  if (options.databaseUri !== undefined && !isPostgresUri(options.databaseUri)) {
    throw new ConfigurationError(
      `MessageDB store: databaseUri must start with postgresql:// or postgres:// (got "${options.databaseUri.split(":")[0]}:..."); omit it for embedded PGlite, or pass dataDir to persist it.`,
    );
  }
}

/**
 * Opens the driver the options ask for. `pg` and PGlite are imported here, lazily, so a `pg`
 * user never loads PGlite and a PGlite user never needs `pg`.
 */
export async function openSqlClient(options: ConnectionOptions): Promise<SqlClient> {
  checkConnectionOptions(options);
  if (options.pglite) return new PGliteSqlClient(options.pglite, "PGlite (given instance)", false);
  if (options.pool || options.databaseUri) {
    const module = await importOptional("pg", () => import("pg"));
    // pg is CommonJS: Node hands it over as `default`, some bundlers as the namespace itself.
    const pg = (module as unknown as { default?: typeof module }).default ?? module;
    const defaultTypes = pg.types;
    if (options.pool) {
      return new PgSqlClient(options.pool, describePool(options.pool), defaultTypes, false);
    }
    const uri = options.databaseUri as string;
    const pool = new pg.Pool({ connectionString: uri, options: SEARCH_PATH_OPTION });
    // An idle client whose server went away makes the pool emit 'error'; without a listener
    // that would crash the process. The next checkout reconnects or reports a StoreError.
    pool.on("error", () => {});
    return new PgSqlClient(pool, describeDatabaseUri(uri), defaultTypes, true);
  }
  const { PGlite } = await importOptional(
    "@electric-sql/pglite",
    () => import("@electric-sql/pglite"),
  );
  const dataDir = options.dataDir;
  if (dataDir !== undefined)
    return new PGliteSqlClient(await PGlite.create(dataDir), `PGlite (${dataDir})`, true);
  if (options.pgliteCache === false) {
    return new PGliteSqlClient(await PGlite.create(), "PGlite (in memory)", true);
  }
  const { ReadyDatabaseCache } = await import("./ready-database-cache.js");
  const cache = await ReadyDatabaseCache.open(options.pgliteCache);
  const ready = await cache.load();
  if (ready) {
    try {
      return new PGliteSqlClient(
        await PGlite.create({ loadDataDir: ready }),
        "PGlite (in memory)",
        true,
      );
    } catch {
      await cache.discard();
    }
  }
  const db = await PGlite.create();
  // Caching is a speed-up only: a store works the same when the dump cannot be written.
  return new PGliteSqlClient(db, "PGlite (in memory)", true, () => cache.save(db).catch(() => {}));
}

function describePool(pool: object): string {
  const options = (pool as { options?: { host?: unknown; port?: unknown; database?: unknown } })
    .options;
  if (!options) return "the given pg Pool";
  const host = typeof options.host === "string" ? options.host : "localhost";
  const port = options.port ?? 5432;
  const database = typeof options.database === "string" ? options.database : "";
  return `${host}:${port}/${database}`;
}

async function importOptional<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new StoreError(
      `MessageDB store needs the optional package "${name}": npm install ${name}`,
      { cause: error },
    );
  }
}
