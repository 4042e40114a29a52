/** Reads one of MessageDB's SQL files by its path inside the package's `database/` folder. */
export type SqlSource = (file: string) => Promise<string>;

/** True in Node (and Bun, Deno's Node mode); false in a browser tab or worker. */
function isNode(): boolean {
  const host = globalThis as { process?: { versions?: { node?: unknown } } };
  return typeof host.process?.versions?.node === "string";
}

/**
 * Where the installer gets MessageDB's SQL: from `@eventide/message-db` on disk in Node, from
 * the copy the bundler put in the app in a browser (no file system there). Both are imported
 * lazily, so neither costs anything until a schema is installed.
 */
export async function defaultSqlSource(): Promise<SqlSource> {
  if (isNode()) return (await import("./node-sql-source.js")).nodeSqlSource();
  return (await import("./bundled-sql-source.js")).bundledSqlSource();
}
