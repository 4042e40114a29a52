/// <reference types="vite/client" />
// MessageDB's SQL files, keyed by their path inside `@eventide/message-db/database/`. From source
// (tests, the demo) Vite reads them from the package at bundle time; `npm run build` replaces
// this module in dist/ with one generated from the same files (scripts/message-db-sql.mjs), so
// any bundler gets them. Never copied by hand: an upgrade of the package changes both.
const files = import.meta.glob<string>(
  "../../node_modules/@eventide/message-db/database/{extensions,functions,indexes,privileges,roles,schema,tables,types,views}/*.sql",
  {
    query: "?raw",
    import: "default",
    eager: true,
  },
);

const PREFIX = /^.*@eventide\/message-db\/database\//;

/** Path inside `database/` (e.g. `functions/hash-64.sql`) to the file's text. */
export const messageDbSql: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(files).map(([path, text]) => [path.replace(PREFIX, ""), text]),
);
