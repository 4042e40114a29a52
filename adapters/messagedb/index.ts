import { registerEventStoreProvider } from "../../core/store-kit.js";
import { MessageDBEventStore } from "./messagedb-event-store.js";

// `{ provider: "messagedb", databaseUri }` in a Domain: Postgres when a URL is given, embedded
// PGlite in memory when the key is left out; an undefined or empty URL is refused.
registerEventStoreProvider("messagedb", (config) =>
  Object.hasOwn(config, "databaseUri")
    ? new MessageDBEventStore({ databaseUri: config.databaseUri })
    : new MessageDBEventStore(),
);

export type { CategoryEntry, MessageDbCatalog, StoreStats, StreamEntry } from "./catalog.js";
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
export type { PollOptions } from "./position-poller.js";
