// A ready embedded database: PGlite's data directory right after MessageDB was installed, dumped
// once and loaded by every later in-memory store instead of running initdb and the install again
// (the first add on a new embedded store drops from seconds to about a second, and memory by a
// third). Node only: this module is imported lazily, and only for in-memory PGlite.
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** What the cache needs of a PGlite instance. */
export interface DumpablePGlite {
  dumpDataDir(compression?: "gzip" | "none" | "auto"): Promise<Blob | File>;
}

/** Where ready databases are kept unless `STRATA_PGLITE_CACHE_DIR` or the store's option says otherwise. */
export function defaultCacheDirectory(): string {
  return process.env.STRATA_PGLITE_CACHE_DIR || join(tmpdir(), "strata-es-pglite");
}

/** The entry of a package or, for one without a main entry (MessageDB's SQL), its manifest. */
function resolvePackage(name: string): string | undefined {
  const require = createRequire(import.meta.url);
  for (const specifier of [`${name}/package.json`, name]) {
    try {
      return require.resolve(specifier);
    } catch {
      // not exported under this specifier: try the next
    }
  }
  return undefined;
}

async function packageVersion(name: string): Promise<string> {
  const entry = resolvePackage(name);
  if (entry === undefined) return "unknown";
  let dir = dirname(entry);
  for (let i = 0; i < 6; i++) {
    try {
      const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name && manifest.version) return manifest.version;
    } catch {
      // no package.json at this level: keep walking up
    }
    dir = dirname(dir);
  }
  return "unknown";
}

/**
 * A cache of ready databases in `directory`, one file per PGlite and MessageDB version pair, so
 * an upgrade of either never loads a database the other made.
 */
export class ReadyDatabaseCache {
  constructor(
    readonly directory: string,
    readonly file: string,
  ) {}

  static async open(directory = defaultCacheDirectory()): Promise<ReadyDatabaseCache> {
    const [pglite, messageDb] = await Promise.all([
      packageVersion("@electric-sql/pglite"),
      packageVersion("@eventide/message-db"),
    ]);
    const name = `messagedb-${messageDb}-pglite-${pglite}.tar.gz`.replace(/[^\w.-]/g, "_");
    return new ReadyDatabaseCache(directory, join(directory, name));
  }

  /** The dumped data directory, or undefined when there is none yet (or it cannot be read). */
  async load(): Promise<Blob | undefined> {
    try {
      return new Blob([await readFile(this.file)]);
    } catch {
      return undefined;
    }
  }

  /** Dumps a database that was just installed; written whole or not at all, so readers never see half. */
  async save(db: DumpablePGlite): Promise<void> {
    const dump = await db.dumpDataDir("gzip");
    const bytes = new Uint8Array(await dump.arrayBuffer());
    await mkdir(this.directory, { recursive: true });
    const partial = `${this.file}.${process.pid}.${Date.now()}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, this.file);
  }

  /** Removes a cached database that failed to load, so the next store builds a fresh one. */
  async discard(): Promise<void> {
    await rm(this.file, { force: true });
  }
}
