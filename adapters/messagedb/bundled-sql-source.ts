import { messageDbSql } from "./message-db-sql.js";
import type { SqlSource } from "./sql-source.js";

/** MessageDB's SQL as the bundler put it in the app: for browsers, which have no file system. */
export function bundledSqlSource(): SqlSource {
  return async (file) => {
    const text = messageDbSql[file];
    if (text === undefined) throw new Error(`MessageDB SQL file ${file} is not in the bundle`);
    return text;
  };
}
