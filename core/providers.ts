import { ConfigurationError } from "./errors.js";
import type { EventStore } from "./event-store.js";

/** The seed's `EVENT_STORE = { PROVIDER, DATABASE_URI }`, as an object. */
export interface EventStoreConfig {
  provider: string;
  /**
   * A Postgres URL for "messagedb" (leave the key out for embedded PGlite; undefined or "" is
   * refused, as a misspelt environment variable would give), a database name for "indexeddb".
   */
  databaseUri?: string | undefined;
}

/** Makes a store from `{ provider, databaseUri }`; registered under the provider's name. */
export type EventStoreFactory = (config: EventStoreConfig) => EventStore;

const factories = new Map<string, EventStoreFactory>();

/**
 * Makes `{ provider: name }` usable in `new Domain(...)`. Each store's entry point registers
 * itself, so importing `strata-es/messagedb` is what makes `provider: "messagedb"` work.
 */
export function registerEventStoreProvider(name: string, factory: EventStoreFactory): void {
  factories.set(name, factory);
}

const entryPoints: Record<string, string> = {
  memory: "strata-es/memory",
  indexeddb: "strata-es/indexeddb",
  messagedb: "strata-es/messagedb",
};

export function createEventStore(config: EventStoreConfig): EventStore {
  const factory = factories.get(config.provider);
  if (!factory) {
    const entry = entryPoints[config.provider];
    throw new ConfigurationError(
      entry
        ? `Event store provider "${config.provider}" is not loaded: add import "${entry}" before creating the domain.`
        : `Unknown event store provider "${config.provider}": use one of ${Object.keys(entryPoints).join(", ")}, or pass an EventStore instance.`,
    );
  }
  return factory(config);
}
