import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { SqlSource } from "./sql-source.js";

/** Where the official SQL lives: resolved from this module so it also works from dist/ and global installs. */
export function messageDbSqlFolder(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@eventide/message-db/package.json")), "database");
}

/** Reads MessageDB's SQL from the installed `@eventide/message-db` package. */
export function nodeSqlSource(folder = messageDbSqlFolder()): SqlSource {
  return (file) => readFile(join(folder, file), "utf8");
}
