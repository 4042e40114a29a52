import { StoreError, StrataError } from "../../core/index.js";
import type { ConnectionOptions } from "./connection-options.js";
import {
  EXTENSION_FILES,
  FUNCTION_FILES,
  INDEX_FILES,
  PRIVILEGE_FILES,
  ROLE_FILES,
  SCHEMA_FILES,
  TABLE_FILES,
  VIEW_FILES,
} from "./install-steps.js";
import { openSqlClient } from "./open-sql-client.js";
import type { SqlClient, SqlSession } from "./sql-client.js";
import { defaultSqlSource, type SqlSource } from "./sql-source.js";
import { translateError } from "./translate-error.js";

/** Options of `installMessageDb`. */
export interface InstallOptions {
  /** Also create the `message_store` login role and grant it MessageDB's privileges, as install.sh does (needs CREATEROLE). Default false. */
  withRole?: boolean;
}

/** What `installMessageDb` did. */
export interface InstallResult {
  /** `message_store_version()` after the install, e.g. "1.3.0". */
  version: string;
  /** False when MessageDB was already there; the install then only checked search_path and grants. */
  installed: boolean;
  /** The SQL files run, relative to the package's database/ folder. */
  files: string[];
  /** Where: `postgresql://user@host:5432/db` or `PGlite (...)`. */
  database: string;
}

/** MessageDB's functions call each other unqualified; pin their search_path so any session can call them. */
const PIN_SEARCH_PATH = `DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'message_store'
      AND NOT COALESCE(p.proconfig::text[] @> ARRAY['search_path=message_store, public'], false)
  LOOP
    EXECUTE format('ALTER FUNCTION %s SET search_path = message_store, public', f);
  END LOOP;
END $$`;

/** Serializes concurrent installers on one database (arbitrary constant key). */
const INSTALL_LOCK = "SELECT pg_advisory_xact_lock(7164539021)";

async function runFiles(session: SqlSession, source: SqlSource, files: readonly string[]) {
  for (const file of files) {
    await session.exec(await source(file));
  }
}

/** Installs MessageDB on an open client, in one transaction. Used by the store for embedded PGlite. */
export async function installOn(
  client: SqlClient,
  options: InstallOptions = {},
): Promise<InstallResult> {
  const source = await defaultSqlSource();
  const files: string[] = [];
  try {
    return await client.transaction(async (session) => {
      await session.exec(
        "SET LOCAL client_min_messages = warning; SET LOCAL search_path = message_store, public",
      );
      await session.query(INSTALL_LOCK);
      const [state] = await session.query(
        `SELECT to_regclass('message_store.messages') IS NOT NULL AS has_table,
                to_regprocedure('message_store.message_store_version()') IS NOT NULL AS has_functions`,
      );
      const hasTable = state?.has_table === true;
      const hasFunctions = state?.has_functions === true;
      // The official scripts are not re-runnable (ADD PRIMARY KEY, DROP TYPE ... CASCADE):
      // each part runs only when it is missing.
      const plan = [
        ...(options.withRole ? ROLE_FILES : []),
        ...SCHEMA_FILES,
        ...(hasTable || client.embedded ? [] : EXTENSION_FILES),
        ...(hasTable ? [] : TABLE_FILES),
        ...(hasFunctions ? [] : FUNCTION_FILES),
        ...(hasTable ? [] : INDEX_FILES),
        ...(hasFunctions ? [] : VIEW_FILES),
        ...(options.withRole ? PRIVILEGE_FILES : []),
      ];
      await runFiles(session, source, plan);
      files.push(...plan);
      await session.exec(PIN_SEARCH_PATH);
      const [row] = await session.query("SELECT message_store.message_store_version() AS version");
      return {
        version: String(row?.version),
        installed: !(hasTable && hasFunctions),
        files,
        database: client.label,
      };
    });
  } catch (error) {
    if (error instanceof StrataError) throw error;
    const translated = translateError(error, { label: client.label, installHint: "" });
    throw new StoreError(`Installing MessageDB failed: ${translated.message}`, { cause: error });
  }
}

/**
 * Installs the MessageDB schema (the official SQL of `@eventide/message-db`) into a database.
 * Safe to run twice: an existing install is left alone apart from pinning its functions'
 * search_path. The same as `npx strata-es messagedb install --database-url URL`.
 *
 * @example
 * const { version, installed } = await installMessageDb("postgresql://postgres@localhost/app");
 * console.log(installed ? `installed MessageDB ${version}` : `MessageDB ${version} was already there`);
 */
export async function installMessageDb(
  target: string | ConnectionOptions,
  options: InstallOptions = {},
): Promise<InstallResult> {
  const client = await openSqlClient(typeof target === "string" ? { databaseUri: target } : target);
  try {
    return await installOn(client, options);
  } finally {
    await client.close();
  }
}

/**
 * The installed MessageDB version (`message_store_version()`), or null when it is not installed.
 *
 * @example
 * await messageDbVersion("postgresql://postgres@localhost/app") // "1.3.0"
 */
export async function messageDbVersion(target: string | ConnectionOptions): Promise<string | null> {
  const client = await openSqlClient(typeof target === "string" ? { databaseUri: target } : target);
  try {
    const [probe] = await client.query(
      "SELECT to_regprocedure('message_store.message_store_version()') IS NOT NULL AS installed",
    );
    if (probe?.installed !== true) return null;
    const [row] = await client.query("SELECT message_store.message_store_version() AS version");
    return String(row?.version);
  } catch (error) {
    throw translateError(error, { label: client.label, installHint: "" });
  } finally {
    await client.close();
  }
}
