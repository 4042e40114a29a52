import { SCHEMA_VERSION, SCHEMA_VERSIONS } from "../adapters/indexeddb/schema-versions.js";

/** An index as IndexedDB creates it. */
export interface IndexLayout {
  readonly name: string;
  readonly keyPath: string | string[];
  readonly unique: boolean;
  readonly multiEntry: boolean;
}

/** An object store as IndexedDB creates it. */
export interface StoreLayout {
  readonly name: string;
  readonly keyPath: string | string[] | null;
  readonly autoIncrement: boolean;
  readonly indexes: readonly IndexLayout[];
}

/** The database the IndexedDB store opens: its IndexedDB version and object stores. */
export interface DatabaseLayout {
  readonly version: number;
  readonly stores: readonly StoreLayout[];
}

/** `&[streamName+position]` -> name `[streamName+position]`, keyPath `["streamName", "position"]`, unique. */
function parseIndex(spec: string): IndexLayout & { autoIncrement: boolean } {
  const name = spec.replace(/([&*]|\+\+)/g, "");
  const compound = /^\[(.*)\]$/.exec(name);
  return {
    name,
    keyPath: compound ? (compound[1] as string).split("+") : name,
    unique: spec.includes("&"),
    multiEntry: spec.includes("*"),
    autoIncrement: spec.includes("++"),
  };
}

/**
 * The layout Dexie gives the store's database at the current schema version, read from the same
 * `SCHEMA_VERSIONS` the store declares (Dexie's syntax: the first entry is the primary key, `++`
 * auto-increments, `&` is unique, `*` multi-entry, `[a+b]` compound), so seeding creates exactly the
 * database the store would. Dexie opens schema version N as IndexedDB version N * 10.
 */
export function databaseLayout(): DatabaseLayout {
  const current = SCHEMA_VERSIONS.find((v) => v.version === SCHEMA_VERSION);
  if (!current) throw new Error(`strata-es/playwright: no schema version ${SCHEMA_VERSION}`);
  const stores = Object.entries(current.stores).map(([name, schema]): StoreLayout => {
    const [primary, ...indexes] = schema.split(",").map((s) => s.trim());
    const key = parseIndex(primary ?? "");
    return {
      name,
      keyPath: key.name === "" ? null : key.keyPath,
      autoIncrement: key.autoIncrement,
      indexes: indexes.map((spec) => {
        const { autoIncrement: _, ...index } = parseIndex(spec);
        return index;
      }),
    };
  });
  return { version: SCHEMA_VERSION * 10, stores };
}
