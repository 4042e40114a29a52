import { registerEventStoreProvider } from "../../core/index.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";

// `{ provider: "messagedb", databaseUri }` in a Domain: Postgres when a URL is given, embedded
// PGlite in memory otherwise.
registerEventStoreProvider(
  "messagedb",
  (config) =>
    new MessageDBEventStore(config.databaseUri ? { databaseUri: config.databaseUri } : {}),
);

export type { ConnectionOptions } from "./connection-options.js";
export {
  type InstallOptions,
  type InstallResult,
  installMessageDb,
  messageDbVersion,
} from "./installer.js";
export { MessageDBEventStore, type MessageDBEventStoreOptions } from "./messagedb-event-store.js";
export type { PgPool, PgPoolClient } from "./pg-client.js";
export type { PGliteLike, PGliteTransactionLike } from "./pglite-client.js";
