/**
 * The official install order of `@eventide/message-db` (database/install.sh and the
 * install-*.sh scripts it sources), as paths inside its `database/` folder. The SQL itself is
 * read from the package at run time, never copied here.
 */
export const ROLE_FILES = ["roles/message-store.sql"];
export const SCHEMA_FILES = ["schema/message-store.sql"];
/** Skipped on PGlite, which has `gen_random_uuid` built in and ships no pgcrypto. */
export const EXTENSION_FILES = ["extensions/pgcrypto.sql"];
export const TABLE_FILES = ["tables/messages.sql"];
/** types/message.sql drops its type CASCADE, taking the functions with it: they always follow it. */
export const FUNCTION_FILES = [
  "types/message.sql",
  "functions/message-store-version.sql",
  "functions/hash-64.sql",
  "functions/acquire-lock.sql",
  "functions/category.sql",
  "functions/is-category.sql",
  "functions/id.sql",
  "functions/cardinal-id.sql",
  "functions/stream-version.sql",
  "functions/write-message.sql",
  "functions/get-stream-messages.sql",
  "functions/get-category-messages.sql",
  "functions/get-last-stream-message.sql",
];
export const INDEX_FILES = [
  "indexes/messages-id.sql",
  "indexes/messages-stream.sql",
  "indexes/messages-category.sql",
];
export const VIEW_FILES = [
  "views/stream-summary.sql",
  "views/type-summary.sql",
  "views/stream-type-summary.sql",
  "views/type-stream-summary.sql",
  "views/category-type-summary.sql",
  "views/type-category-summary.sql",
];
export const PRIVILEGE_FILES = [
  "privileges/schema.sql",
  "privileges/table.sql",
  "privileges/sequence.sql",
  "privileges/functions.sql",
  "privileges/views.sql",
];

/** Every file a full install runs (with the role), in order; the installer skips what is there. */
export function allInstallFiles(): string[] {
  return [
    ...ROLE_FILES,
    ...SCHEMA_FILES,
    ...EXTENSION_FILES,
    ...TABLE_FILES,
    ...FUNCTION_FILES,
    ...INDEX_FILES,
    ...VIEW_FILES,
    ...PRIVILEGE_FILES,
  ];
}
